import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { LabError } from "./lab-error.js";

/** Which JupyterLab gets the extension, as `jupyter labextension` names its install places. */
export type ExtensionTarget =
  { kind: "user" } | { kind: "sys-prefix"; python: string } | { kind: "prefix"; dir: string };

/** The Jupyter data folder of a target: the one holding `labextensions/`. */
export function jupyterDataDir(target: ExtensionTarget, env: NodeJS.ProcessEnv = process.env): string {
  switch (target.kind) {
    case "prefix":
      return join(resolve(target.dir), "share", "jupyter");
    case "sys-prefix": {
      const asked = spawnSync(target.python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
      const prefix = asked.status === 0 ? asked.stdout.trim() : "";
      if (prefix === "")
        throw new LabError(
          "jupyter_data_dir_unknown",
          `--sys-prefix: ${target.python} did not tell its sys.prefix (${asked.error?.message ?? asked.stderr.trim()}). ` +
            "Name the Python that runs your JupyterLab with --python, or use --user or --prefix DIR.",
        );
      return join(prefix, "share", "jupyter");
    }
    case "user": {
      // `jupyter --data-dir` knows the platform's folder and JUPYTER_DATA_DIR; without Jupyter on
      // PATH, the same default it would give on Linux.
      const asked = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8", env });
      const dataDir = asked.status === 0 ? asked.stdout.trim() : "";
      return dataDir || env.JUPYTER_DATA_DIR || join(homedir(), ".local", "share", "jupyter");
    }
  }
}
