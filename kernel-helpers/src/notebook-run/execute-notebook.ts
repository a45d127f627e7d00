import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { NotebookRunError } from "./notebook-run-error.js";
import { tslabJupyterPath } from "./tslab-kernelspec.js";

/** Jupyter's own Python: the `python3` first on PATH may have no Jupyter (a pyenv one, say). */
export const JUPYTER_PYTHON = "/usr/bin/python3";
const RUNNER = fileURLToPath(new URL("../../python/run_notebook.py", import.meta.url));

export interface ExecuteNotebookOptions {
  /** The notebook to execute. */
  source: string;
  /** Where the executed notebook is written (may be `source`). */
  output: string;
  /** The kernel's working folder: relative paths in the notebook are read from here. */
  workdir: string;
  /** Seconds each cell may take. */
  timeoutS: number;
  /** The kernel's whole environment. */
  env: Record<string, string | undefined>;
  /** Told after each code cell ends, with its 1-based position among the code cells. */
  onCell?: (index: number, of: number) => void;
}

export interface ExecutedNotebook {
  /** The runner's exit status: 0 when every cell ran. */
  status: number;
  /** The first cell that raised: its 1-based position among the code cells, and what it said. */
  failure?: { cell: number | null; message: string };
  /** The runner's stderr when it failed without naming a cell (the kernel would not start, say). */
  stderr: string;
}

interface RunnerEvent {
  event: "start" | "cell" | "error" | "done";
  index?: number;
  of?: number;
  cell?: number | null;
  message?: string;
}

/**
 * Executes a notebook with the tslab kernel through Debian's nbclient (python3-nbclient), writing the
 * executed notebook even when a cell fails: the outputs up to the failure are what the reader needs.
 */
export async function executeNotebook(options: ExecuteNotebookOptions): Promise<ExecutedNotebook> {
  if (!existsSync(JUPYTER_PYTHON))
    throw new NotebookRunError(
      `executing a notebook needs Jupyter's Python (${JUPYTER_PYTHON} with nbclient): sudo apt-get install -y python3-nbclient jupyter-nbconvert`,
    );
  const jupyterPath = tslabJupyterPath();
  try {
    let failure: ExecutedNotebook["failure"];
    let stderr = "";
    const status = await new Promise<number>((done, fail) => {
      const child = spawn(
        JUPYTER_PYTHON,
        [RUNNER, options.source, options.output, "tslab", options.workdir, String(options.timeoutS)],
        { env: { ...options.env, JUPYTER_PATH: jupyterPath }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let buffered = "";
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
          if (event.event === "cell" && event.index !== undefined && event.of !== undefined)
            options.onCell?.(event.index, event.of);
          if (event.event === "error") failure = { cell: event.cell ?? null, message: event.message ?? "" };
        }
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      child.on("error", fail);
      child.on("exit", (code) => done(code ?? 1));
    });
    return { status, ...(failure ? { failure } : {}), stderr };
  } finally {
    rmSync(jupyterPath, { recursive: true, force: true });
  }
}
