import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = new URL("../dist/bin.js", import.meta.url).pathname;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "discernus-lab-command-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const discernus = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });

describe("discernus lab", () => {
  it("serves the folder until SIGTERM, then stops the server and exits 0", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "lab", root, "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      // Its settings and workspaces go under XDG_DATA_HOME: not the home folder of whoever runs the tests.
      env: { ...process.env, XDG_DATA_HOME: join(root, ".state") },
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const url = await new Promise<string>((done, failed) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const found = /^open: (\S+)$/m.exec(out);
        if (found?.[1]) done(found[1]);
      });
      void exited.then((code) => failed(new Error(`exited ${String(code)} before serving:\n${out}\n${err}`)));
    });
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/lab\\?token=[0-9a-f]{48}$`));
    expect(out).toContain(`JupyterLab is serving ${root}`);
    expect((await fetch(url)).status).toBe(200);
    // The server logs, but never the token.
    expect(err).toContain("Jupyter Server");
    expect(err).not.toContain(new URL(url).searchParams.get("token"));

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 90_000);

  it("says to run npm run build when the app is not built (exit 1)", () => {
    const empty = mkdtempSync(join(tmpdir(), "discernus-lab-app-"));
    const r = discernus(["lab", root], { DISCERNUS_LAB_APP_DIR: empty });
    rmSync(empty, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the JupyterLab app is not built .*bundle\.js is missing.*npm run build/);
  });

  it("refuses a folder that does not exist and a port that is not one (exit 2)", () => {
    const missing = discernus(["lab", join(root, "nowhere")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such folder/);
    const port = discernus(["lab", root, "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/--port must be a port number/);
  });

  it("says the port is taken when --port names a busy one (exit 1)", async () => {
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, "127.0.0.1", done));
    const address = busy.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const r = await new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn(process.execPath, [BIN, "lab", root, "--port", String(port)], { stdio: "pipe" });
      let err = "";
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
      child.once("exit", (code) => done({ code, err }));
    });
    busy.close();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
  }, 60_000);
});
