import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "./ledger-input.js";
import { startLab } from "./lab-server.js";

const OUR_EXTENSION = "@discernus/jupyterlab";

export interface LabOptions {
  /** The port on 127.0.0.1; without it, 8888 or the next free one, as Jupyter does. */
  port?: number;
}

/** Settings and workspaces of `discernus lab`, kept between runs apart from the user's JupyterLab. */
export function labStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "discernus", "lab");
}

/**
 * `discernus lab [folder] [--port N]`: JupyterLab on `folder` (default: the current one) with the
 * TypeScript kernel and the Discernus sidebar, until Ctrl-C or SIGTERM, which stop the server and
 * its kernels. Exit 0 after a stop asked for, 1 if the server ended on its own.
 */
export async function lab(folder: string | undefined, options: LabOptions = {}): Promise<number> {
  const root = resolve(folder ?? ".");
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(
      `discernus lab: ${folder ?? root}: no such folder. Name the folder whose notebooks the lab shows.`,
    );
  const server = await startLab({
    root,
    port: options.port ?? 8888,
    portRetries: options.port === undefined ? 50 : 0,
    stateDir: labStateDir(),
    onLog: (line) => console.error(line),
  });
  console.log(`JupyterLab is serving ${root}`);
  if (!server.extensions.includes(OUR_EXTENSION))
    console.log(`(without the Discernus sidebar: ${OUR_EXTENSION} is not built; npm run build builds it)`);
  console.log(`open: ${server.url}`);
  console.log("stop: Ctrl-C");

  const stopRequested = await new Promise<boolean>((done) => {
    const onSignal = () => done(true);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    void server.exited.then(() => done(false));
  });
  if (stopRequested) console.error("stopping the lab server and its kernels...");
  await server.stop();
  if (!stopRequested) {
    console.error("the lab server stopped on its own (its log is above)");
    return 1;
  }
  return 0;
}
