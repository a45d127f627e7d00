import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ledgerPathFor, verifyNotebook } from "@discernus/provenance";
import { tslabJupyterPath } from "../jupyter/tslab-kernelspec.js";
import { UsageError } from "./ledger-input.js";

const PYTHON = "/usr/bin/python3";
const RUNNER = fileURLToPath(new URL("../../python/run_notebook.py", import.meta.url));

export interface RunOptions {
  output?: string;
  timeoutS: number;
}

interface RunnerEvent {
  event: "start" | "cell" | "error" | "done";
  cells?: number;
  index?: number;
  of?: number;
  cell?: number | null;
  message?: string;
  status?: number;
}

function progressLine(done: number, of: number): string {
  const width = 24;
  const filled = of === 0 ? width : Math.round((done / of) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${of} cells`;
}

/**
 * `discernus run <notebook> [--output <path>]`: executes the notebook with the tslab kernel through
 * Debian's nbclient, bound to its ledger (DISCERNUS_NOTEBOOK), and writes the executed notebook
 * (in place unless --output). Exit 0 only when every cell ran and the ledger verifies.
 */
export async function run(path: string | undefined, options: RunOptions): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError("discernus run: name the notebook (.ipynb) to execute.");
  const notebook = resolve(path);
  if (!existsSync(notebook)) throw new UsageError(`discernus run: ${path}: no such file. Check the path.`);
  if (!existsSync(PYTHON))
    throw new UsageError(
      `discernus run needs Jupyter's Python (${PYTHON} with nbclient): sudo apt-get install -y python3-nbclient jupyter-nbconvert`,
    );
  const output = resolve(options.output ?? notebook);
  mkdirSync(dirname(output), { recursive: true });
  // The kernel binds its ledger to the notebook being written, which must exist from the start.
  if (output !== notebook) copyFileSync(notebook, output);
  const jupyterPath = tslabJupyterPath();
  const tty = process.stderr.isTTY;
  try {
    const events: RunnerEvent[] = [];
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(
        PYTHON,
        [RUNNER, notebook, output, "tslab", dirname(notebook), String(options.timeoutS)],
        {
          // The ledger belongs to the notebook written: beside the executed copy when --output is given.
          env: { ...process.env, JUPYTER_PATH: jupyterPath, DISCERNUS_NOTEBOOK: output },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let buffered = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          let event: RunnerEvent;
          try {
            event = JSON.parse(line) as RunnerEvent;
          } catch {
            continue;
          }
          events.push(event);
          if (event.event === "cell" && event.index !== undefined && event.of !== undefined) {
            const lineText = `${basename(notebook)} ${progressLine(event.index, event.of)}`;
            if (tty) process.stderr.write(`\r${lineText}`);
            else console.error(lineText);
          }
        }
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      child.on("error", fail);
      child.on("exit", (status) => {
        if (tty) process.stderr.write("\n");
        if (status !== 0 && !events.some((e) => e.event === "error"))
          console.error(stderr.trim().split("\n").slice(-15).join("\n"));
        done(status ?? 1);
      });
    });
    const failure = events.find((e) => e.event === "error");
    if (failure)
      console.error(
        `A cell failed (code cell ${String(failure.cell ?? "?")}); the executed notebook keeps the outputs up to it:\n${failure.message ?? ""}`,
      );
    console.log(`executed notebook: ${output}`);
    const ledgerPath = ledgerPathFor(output);
    let ledgerOk = true;
    if (existsSync(ledgerPath)) {
      // The executed notebook against its ledger: chain, schema, run totals, and every output's digest.
      const verified = await verifyNotebook(output);
      ledgerOk = verified.ok;
      console.log(`ledger: ${ledgerPath} (${verified.ledger.records} records)`);
      for (const check of verified.checks)
        if (!check.ok) console.log(`  FAIL ${check.name}: ${check.detail}`);
      const outputs = verified.checks.find((c) => c.name === "outputs");
      console.log(ledgerOk ? `verified: ${outputs?.detail ?? "the ledger holds"}` : "NOT verified");
      console.log(`spend: discernus report ${relative(process.cwd(), output)}`);
    }
    // `discernus lab` serves JupyterLab with the tslab kernel and the sidebar, with nothing to register.
    const folder = relative(process.cwd(), dirname(output)) || ".";
    console.log(`open it in JupyterLab: discernus lab ${folder} (then ${basename(output)})`);
    return code === 0 && ledgerOk ? 0 : 1;
  } finally {
    rmSync(jupyterPath, { recursive: true, force: true });
  }
}
