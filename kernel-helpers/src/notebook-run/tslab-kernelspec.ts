import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The tslab install this CLI resolves: the same one kernel-helpers imports, so displays reach the kernel. */
export function tslabBinary(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("tslab/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.tslab;
  if (!bin) throw new Error(`${manifestPath} declares no tslab binary`);
  return resolve(dirname(manifestPath), bin);
}

/**
 * A Jupyter data folder holding only the tslab kernelspec, for JUPYTER_PATH. Nothing is written to
 * the user's own Jupyter folders, and the kernel always runs this project's tslab (the same one
 * kernel-helpers resolves), whatever else is registered.
 */
export function tslabJupyterPath(kernelName = "tslab"): string {
  const root = mkdtempSync(join(tmpdir(), "discernus-jupyter-"));
  const dir = join(root, "kernels", kernelName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "kernel.json"),
    JSON.stringify({
      argv: [process.execPath, tslabBinary(), "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript (Discernus)",
      language: "typescript",
    }),
  );
  return root;
}
