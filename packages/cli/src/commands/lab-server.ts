import { spawn, type ChildProcessByStdio } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync, statSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { tslabJupyterPath } from "@discernus/kernel-helpers";
import { assertLabBuilt, labArtefacts } from "./lab-artefacts.js";
import { LabError } from "./lab-error.js";

const PYTHON = "/usr/bin/python3";
const INSTALL_JUPYTER =
  "sudo apt-get install -y python3-jupyter-server python3-jupyterlab-server python3-ipykernel";

export interface StartLabOptions {
  /** The folder the lab shows; notebooks' paths (and JPY_SESSION_NAME) are relative to it. */
  root: string;
  /** The port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /** How many next ports to try when `port` is taken, as Jupyter does; default 0 (fail). */
  portRetries?: number;
  /** The server's token; default: 48 random hex characters. */
  token?: string;
  /** Where user settings and workspaces persist; default: a temporary folder, gone after stop(). */
  stateDir?: string;
  /** Receives each line the server logs (it never logs the token). Default: kept for errors only. */
  onLog?: (line: string) => void;
  /** How long to wait for the server to listen; default 60 s. */
  startTimeoutMs?: number;
  /** Added to the environment of the server and the kernels it starts. */
  env?: Record<string, string>;
}

export interface LabServer {
  /** Opens the lab and logs in: `http://127.0.0.1:<port>/lab?token=<token>`. */
  url: string;
  /** The server's root URL with a trailing slash; REST calls go to `${baseUrl}api/...`. */
  baseUrl: string;
  token: string;
  port: number;
  /** The folder the lab shows, absolute. */
  root: string;
  /** The prebuilt labextensions the server loads from this repository: ["@discernus/jupyterlab"] once built. */
  extensions: string[];
  /** Settles when the server process has exited, with its exit code (null after a signal). */
  exited: Promise<number | null>;
  /** Stops the server and the kernels it started, and removes its temporary folders. */
  stop(): Promise<void>;
}

interface ReadyLine {
  event: "ready";
  url: string;
  baseUrl: string;
  port: number;
  token: string;
  extensions: string[];
}

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Calls `onLine` for each complete line of a stream. */
function eachLine(stream: Readable, onLine: (line: string) => void): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      onLine(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
}

/** Why the server exited before it listened, as a LabError that says what to do. */
function startFailure(port: number, log: string[], code: number | null): LabError {
  const tail = log.slice(-20).join("\n");
  if (/No module named '?(jupyter_server|jupyterlab_server|jupyter_core|tornado)/.test(tail))
    return new LabError(
      "jupyter_missing",
      `discernus lab needs Debian's Jupyter server for ${PYTHON}: ${INSTALL_JUPYTER}`,
    );
  if (/port \d+ is not available|no available port could be found/.test(tail))
    return new LabError(
      "port_in_use",
      `port ${port} on 127.0.0.1 is in use: stop what listens there, or choose another port (--port)`,
    );
  return new LabError(
    "lab_start_failed",
    `the lab server exited (code ${String(code)}) before it listened. Its last lines:\n${tail}`,
  );
}

/**
 * Starts the JupyterLab app built in extension/app with Debian's jupyter_server, on 127.0.0.1,
 * showing `root`. Kernels run this repository's tslab through a temporary kernelspec on
 * JUPYTER_PATH (nothing is written to the user's Jupyter), and bind to their notebook through
 * JPY_SESSION_NAME. Resolves once the server listens; `stop()` shuts it and its kernels down.
 */
export async function startLab(options: StartLabOptions): Promise<LabServer> {
  const artefacts = labArtefacts();
  assertLabBuilt(artefacts);
  const root = resolve(options.root);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new LabError(
      "lab_root_invalid",
      `${root} is not a folder: name the folder whose notebooks the lab shows`,
    );
  if (!existsSync(PYTHON))
    throw new LabError(
      "jupyter_missing",
      `discernus lab needs Debian's Python with Jupyter (${PYTHON}): ${INSTALL_JUPYTER}`,
    );

  const port = options.port ?? 0;
  const token = options.token ?? randomBytes(24).toString("hex");
  const jupyterPath = tslabJupyterPath();
  const args = [
    artefacts.serverScript,
    "--root-dir",
    root,
    "--port",
    String(port),
    "--port-retries",
    String(options.portRetries ?? 0),
    "--labextension",
    artefacts.labextensionDir,
    "--default-kernel",
    "tslab",
    // If this process dies without stop(), the server sees its stdin close and shuts down.
    "--stop-on-stdin-close",
    ...(options.stateDir ? ["--state-dir", resolve(options.stateDir)] : []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // Our kernelspec first; the user's own JUPYTER_PATH (kernels, labextensions) still follows.
    JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    DISCERNUS_LAB_TOKEN: token,
  };
  // `discernus run` binds kernels through it; here JPY_SESSION_NAME does, per notebook.
  delete env.DISCERNUS_NOTEBOOK;

  const log: string[] = [];
  // detached: Ctrl-C in a terminal reaches only this process, which stops the server in order
  // (SIGTERM, then the kernels' shutdown), instead of interrupting Python mid-way.
  const child: ServerProcess = spawn(PYTHON, args, { env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<number | null>((done) => child.once("close", (code) => done(code)));
  let removed = false;
  const removeScratch = () => {
    if (removed) return;
    removed = true;
    rmSync(jupyterPath, { recursive: true, force: true });
  };
  void exited.then(removeScratch);

  eachLine(child.stderr, (line) => {
    log.push(line);
    if (log.length > 200) log.shift();
    options.onLog?.(line);
  });

  let ready: ReadyLine;
  try {
    ready = await new Promise<ReadyLine>((resolveReady, reject) => {
      const timeoutMs = options.startTimeoutMs ?? 60_000;
      const timer = setTimeout(() => {
        reject(
          new LabError(
            "lab_start_failed",
            `the lab server did not listen within ${timeoutMs / 1000} s. Its last lines:\n${log.slice(-20).join("\n")}`,
          ),
        );
      }, timeoutMs);
      eachLine(child.stdout, (line) => {
        let event: { event?: string };
        try {
          event = JSON.parse(line) as { event?: string };
        } catch {
          return; // not ours: a library printing to stdout
        }
        if (event.event === "ready") {
          clearTimeout(timer);
          resolveReady(event as ReadyLine);
        }
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(
          new LabError("lab_start_failed", `could not run ${PYTHON}: ${error.message}`, { cause: error }),
        );
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(startFailure(port, log, code));
      });
    });
  } catch (error) {
    await stopProcess(child, exited);
    removeScratch();
    throw error;
  }

  return {
    url: ready.url,
    baseUrl: ready.baseUrl,
    token: ready.token,
    port: ready.port,
    root,
    extensions: ready.extensions,
    exited,
    stop: async () => {
      await stopProcess(child, exited);
      removeScratch();
    },
  };
}

/**
 * SIGTERM lets jupyter_server shut its kernels down (each gets a shutdown request, then a kill);
 * a server that has not exited after 20 s is killed with everything in its process group.
 */
async function stopProcess(child: ServerProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((done) => setTimeout(() => done(true), 20_000).unref()),
  ]);
  if (timedOut && child.pid !== undefined) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  }
}
