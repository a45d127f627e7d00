import { cpSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { builtLabextension } from "./lab-artefacts.js";
import { LabError } from "./lab-error.js";

export interface InstalledLabextension {
  name: string;
  version: string;
  /** `<data dir>/labextensions/<name>`. */
  path: string;
}

const exists = (path: string) => {
  try {
    lstatSync(path); // a symlink left by `jupyter labextension develop` counts, even dangling
    return true;
  } catch {
    return false;
  }
};

/**
 * Copies a built labextension into `<dataDir>/labextensions/<name>`, where JupyterLab 4 looks for
 * prebuilt extensions. The copy is made beside the target and renamed into place, so a running
 * JupyterLab never reads a half-copied folder, and an older copy is replaced whole.
 */
export function installLabextension(source: string, dataDir: string): InstalledLabextension {
  const built = builtLabextension(source);
  if (!built)
    throw new LabError(
      "labextension_not_built",
      `the labextension is not built: ${join(source, "package.json")} is missing or lacks jupyterlab._build. Build it with: npm run build`,
    );
  const target = join(dataDir, "labextensions", ...built.name.split("/"));
  const staging = `${target}.installing-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    rmSync(staging, { recursive: true, force: true });
    cpSync(source, staging, { recursive: true, dereference: true });
    // What `jupyter labextension list` shows about where the extension came from.
    writeFileSync(
      join(staging, "install.json"),
      `${JSON.stringify(
        {
          packageManager: "npm",
          packageName: built.name,
          uninstallInstructions: `Remove the folder ${target}`,
        },
        null,
        2,
      )}\n`,
    );
    if (exists(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const advice =
      code === "EACCES" || code === "EPERM"
        ? " Run it as a user who may write there (sudo for a system Python), or choose --user or --prefix DIR."
        : "";
    throw new LabError(
      "extension_install_failed",
      `could not install ${built.name} into ${target}: ${(error as Error).message}.${advice}`,
      { cause: error },
    );
  }
  return { ...built, path: target };
}
