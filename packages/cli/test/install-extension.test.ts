import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = new URL("../dist/bin.js", import.meta.url).pathname;

let dir: string;
let fake: string;

/** A prebuilt labextension as build-labextension leaves it: package.json with _build, static/. */
function fakeLabextension(path: string, version: string): void {
  mkdirSync(join(path, "static"), { recursive: true });
  writeFileSync(
    join(path, "package.json"),
    JSON.stringify({
      name: "@discernus/jupyterlab",
      version,
      jupyterlab: { _build: { load: "static/remoteEntry.0123abcd.js", extension: "./extension" } },
    }),
  );
  writeFileSync(join(path, "static", "remoteEntry.0123abcd.js"), `// ${version}\n`);
}

const discernus = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, "install-extension", ...args], {
    encoding: "utf8",
    env: { ...process.env, DISCERNUS_LABEXTENSION_DIR: fake, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "discernus-install-"));
  fake = join(dir, "labextension");
  fakeLabextension(fake, "1.0.0");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("discernus install-extension", () => {
  it("copies the labextension into <prefix>/share/jupyter/labextensions and says how to check", () => {
    const prefix = join(dir, "env");
    const r = discernus(["--prefix", prefix]);
    expect(r.code).toBe(0);
    const target = join(prefix, "share", "jupyter", "labextensions", "@discernus", "jupyterlab");
    expect(JSON.parse(readFileSync(join(target, "package.json"), "utf8"))).toMatchObject({
      version: "1.0.0",
    });
    expect(existsSync(join(target, "static", "remoteEntry.0123abcd.js"))).toBe(true);
    expect(JSON.parse(readFileSync(join(target, "install.json"), "utf8"))).toMatchObject({
      packageName: "@discernus/jupyterlab",
    });
    expect(r.out).toContain(`installed @discernus/jupyterlab 1.0.0 into ${target}`);
    expect(r.out).toContain("jupyter labextension list");
  });

  it("replaces an older copy whole, leaving nothing of it and no staging folder", () => {
    const prefix = join(dir, "upgrade");
    expect(discernus(["--prefix", prefix]).code).toBe(0);
    const labextensions = join(prefix, "share", "jupyter", "labextensions", "@discernus");
    writeFileSync(join(labextensions, "jupyterlab", "static", "stale.js"), "// from the old build\n");
    const newer = join(dir, "newer");
    fakeLabextension(newer, "2.0.0");
    expect(discernus(["--prefix", prefix], { DISCERNUS_LABEXTENSION_DIR: newer }).code).toBe(0);
    const target = join(labextensions, "jupyterlab");
    expect(JSON.parse(readFileSync(join(target, "package.json"), "utf8"))).toMatchObject({
      version: "2.0.0",
    });
    expect(existsSync(join(target, "static", "stale.js"))).toBe(false);
    expect(spawnSync("ls", [labextensions], { encoding: "utf8" }).stdout.trim()).toBe("jupyterlab");
  });

  it("installs for the user into the Jupyter data folder (JUPYTER_DATA_DIR) by default", () => {
    const dataDir = join(dir, "user-data");
    const r = discernus([], { JUPYTER_DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dataDir, "labextensions", "@discernus", "jupyterlab", "package.json"))).toBe(true);
  });

  it("says to run npm run build when the labextension is not built (exit 1)", () => {
    const r = discernus(["--prefix", join(dir, "none")], {
      DISCERNUS_LABEXTENSION_DIR: join(dir, "missing"),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the labextension is not built: .*Build it with: npm run build/);
    expect(existsSync(join(dir, "none"))).toBe(false);
  });

  it("refuses two install places at once (exit 2)", () => {
    const r = discernus(["--user", "--prefix", join(dir, "x")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/choose one of --user, --sys-prefix and --prefix DIR/);
  });
});
