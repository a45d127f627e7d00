import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SimProcess {
  url: string;
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  stop(): Promise<void>;
}

/**
 * provider-sim in a child process (its `discernus-sim` command), so that a benchmark measuring the
 * client's own cost does not share its event loop with the server.
 */
export async function startSimProcess(config: unknown): Promise<SimProcess> {
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve("@discernus/provider-sim"), "..", "bin.js");
  const dir = mkdtempSync(join(tmpdir(), "discernus-sim-"));
  const configPath = join(dir, "sim.json");
  writeFileSync(configPath, JSON.stringify(config));
  const child: ChildProcess = spawn(process.execPath, [bin, "--port", "0", "--config", configPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`discernus-sim did not print its URL in 10 s: ${out}`)),
      10_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`discernus-sim exited with ${code}: ${out}`)));
  });
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
