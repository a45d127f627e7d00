import { installLabextension } from "./install-extension-copy.js";
import { jupyterDataDir, type ExtensionTarget } from "./install-extension-data-dir.js";
import { labArtefacts } from "./lab-artefacts.js";
import { UsageError } from "./ledger-input.js";

const PYTHON = "/usr/bin/python3";

export interface InstallExtensionOptions {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
  /** With --sys-prefix: the Python whose sys.prefix receives the extension. */
  python?: string;
}

function targetOf(options: InstallExtensionOptions): ExtensionTarget {
  const chosen = [options.user, options.sysPrefix, options.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1)
    throw new UsageError("discernus install-extension: choose one of --user, --sys-prefix and --prefix DIR.");
  if (options.python !== undefined && !options.sysPrefix)
    throw new UsageError("discernus install-extension: --python goes with --sys-prefix.");
  if (options.prefix !== undefined) return { kind: "prefix", dir: options.prefix };
  if (options.sysPrefix) return { kind: "sys-prefix", python: options.python ?? PYTHON };
  return { kind: "user" };
}

/**
 * `discernus install-extension [--user | --sys-prefix [--python PY] | --prefix DIR]`: the built
 * @discernus/jupyterlab labextension into an existing JupyterLab 4 (default: the user's Jupyter
 * data folder), which loads it at its next page load.
 */
export function installExtension(options: InstallExtensionOptions): number {
  const target = targetOf(options);
  const dataDir = jupyterDataDir(target);
  const installed = installLabextension(labArtefacts().labextensionDir, dataDir);
  console.log(`installed ${installed.name} ${installed.version} into ${installed.path}`);
  if (target.kind === "prefix")
    console.log(
      `JupyterLab finds it if ${options.prefix} is the sys.prefix of its Python, or with JUPYTER_PATH=${dataDir}`,
    );
  console.log(
    `check: jupyter labextension list   (lists ${installed.name} v${installed.version} enabled OK)`,
  );
  console.log("then reload JupyterLab in the browser");
  return 0;
}
