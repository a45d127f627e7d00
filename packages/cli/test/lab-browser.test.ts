import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtLabextension, labArtefacts } from "../src/commands/lab-artefacts.js";
import { startLab, type LabServer } from "../src/index.js";
import { CHROMIUM, launchChromium } from "../../../bench/src/sidebar/lab-browser.js";

const SCRATCH = fileURLToPath(new URL("../../../node_modules/.cache/", import.meta.url));
const OUR_EXTENSION = "@discernus/jupyterlab";
const labextensionBuilt = builtLabextension(labArtefacts().labextensionDir) !== undefined;

let lab: LabServer;
let browser: Browser;
let root: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  // Inside the repository (a git-ignored folder), as notebooks/ is: kernels resolve
  // @discernus/kernel-helpers from the repository's node_modules, as under `discernus run`.
  mkdirSync(SCRATCH, { recursive: true });
  root = mkdtempSync(join(SCRATCH, "discernus-lab-browser-"));
  writeFileSync(
    join(root, "study.ipynb"),
    JSON.stringify({
      cells: [],
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  [lab, browser] = await Promise.all([startLab({ root }), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!existsSync(CHROMIUM))("the lab in Chromium", () => {
  it("opens the JupyterLab shell with its theme, the TypeScript kernel and the prebuilt extension", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("response", (response) => {
      // A notebook's ledger may legitimately not exist yet: only the app's own requests count.
      if (response.status() >= 400 && !response.url().includes("/api/contents/"))
        problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(lab.url);
    await page.waitForSelector("#jp-main-dock-panel", { timeout: 60_000 });
    const launcher = page.locator(".jp-LauncherCard", { hasText: "TypeScript (Discernus)" }).first();
    const launched = await launcher.waitFor({ timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    // What went wrong first (a failing endpoint, an uncaught error) explains a missing launcher.
    expect(problems).toEqual([]);
    expect(launched).toBe(true);
    expect(await page.getByText("Error Loading Theme").count()).toBe(0);
    // The token is out of the address bar once the login cookie is set.
    expect(page.url()).not.toContain(lab.token);
    if (labextensionBuilt) {
      const loaded = await page.evaluate(
        (name) =>
          (window as unknown as { _JUPYTERLAB: Record<string, unknown> })._JUPYTERLAB[name] !== undefined,
        OUR_EXTENSION,
      );
      expect(loaded).toBe(true);
    }
    await page.close();
  }, 90_000);

  it("runs TypeScript in a kernel the server starts, bound to its notebook by JPY_SESSION_NAME, with the kernel helpers importable", async () => {
    const page = await browser.newPage();
    // Any page of the server's own origin will do, but not an API one: its CSP forbids fetch.
    await page.goto(`${lab.baseUrl}login`);
    // The Jupyter messaging protocol over the kernel's websocket, from the page as JupyterLab does it.
    const outputs = await page.evaluate(async (token) => {
      const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };
      const created = await fetch("/api/sessions", {
        method: "POST",
        headers,
        body: JSON.stringify({
          path: "study.ipynb",
          name: "study.ipynb",
          type: "notebook",
          kernel: { name: "tslab" },
        }),
      });
      const session = (await created.json()) as { id: string; kernel: { id: string } };
      const socket = new WebSocket(
        `ws://${location.host}/api/kernels/${session.kernel.id}/channels?session_id=probe&token=${token}`,
      );
      await new Promise((opened, failed) => {
        socket.onopen = opened;
        socket.onerror = failed;
      });
      const run = (code: string) =>
        new Promise<string>((done, failed) => {
          const msgId = `probe-${Math.random().toString(16).slice(2)}`;
          const printed: string[] = [];
          let idle = false;
          let replied = false;
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as {
              msg_type: string;
              parent_header: { msg_id?: string };
              content: {
                text?: string;
                data?: Record<string, string>;
                execution_state?: string;
                evalue?: string;
              };
            };
            if (message.parent_header.msg_id !== msgId) return;
            // tslab prints a cell's last value on stdout, where other kernels send execute_result.
            if (message.msg_type === "stream") printed.push(message.content.text ?? "");
            if (message.msg_type === "execute_result")
              printed.push(message.content.data?.["text/plain"] ?? "");
            if (message.msg_type === "error") failed(new Error(message.content.evalue));
            // The reply (shell channel) and the idle status (iopub) come in either order.
            if (message.msg_type === "execute_reply") replied = true;
            if (message.msg_type === "status" && message.content.execution_state === "idle") idle = true;
            if (idle && replied) done(printed.join("").trim());
          };
          socket.send(
            JSON.stringify({
              header: {
                msg_id: msgId,
                msg_type: "execute_request",
                username: "",
                session: "probe",
                version: "5.3",
              },
              parent_header: {},
              metadata: {},
              content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false },
              channel: "shell",
              buffers: [],
            }),
          );
        });
      const sum = await run("1 + 1");
      const sessionName = await run("process.env.JPY_SESSION_NAME");
      const helpers = await run('import { session } from "@discernus/kernel-helpers";\ntypeof session');
      socket.close();
      await fetch(`/api/sessions/${session.id}`, { method: "DELETE", headers });
      return { sum, sessionName, helpers };
    }, lab.token);
    expect(outputs).toEqual({ sum: "2", sessionName: join(root, "study.ipynb"), helpers: "function" });
    await page.close();
  }, 90_000);
});
