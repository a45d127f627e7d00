import { existsSync } from "node:fs";
import { basename, isAbsolute, join, resolve, sep } from "node:path";
import { ledgerPathFor } from "../ledger-format.js";
import { NotebookNotFoundError } from "./notebook-errors.js";

export type NotebookBinding = "explicit" | "JPY_SESSION_NAME" | "DISCERNUS_NOTEBOOK" | "cwd";

export interface FindNotebookOptions {
  /** A path given to the session (`notebook:`); relative to `cwd`. */
  explicit?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface FoundNotebook {
  /** Absolute. */
  notebookPath: string;
  /** Absolute: `<notebook>.provenance.jsonl` beside the notebook. */
  ledgerPath: string;
  boundBy: NotebookBinding;
  /** Set when no notebook was found and the ledger is named for the folder. */
  warning?: string;
}

const isNotebookName = (path: string) => /\.ipynb$/i.test(path);

const found = (notebookPath: string, boundBy: NotebookBinding): FoundNotebook => ({
  notebookPath,
  ledgerPath: ledgerPathFor(notebookPath),
  boundBy,
});

/**
 * Where JPY_SESSION_NAME's notebook is, or undefined. jupyter_server sets it relative to its root
 * dir (API paths use "/"), while it starts the kernel in the notebook's folder: `sub/study.ipynb`
 * with cwd `<root>/sub` is `<cwd>/study.ipynb`. A kernel started at the root (some launchers do) has
 * it relative to cwd. Newer servers may give an absolute path.
 */
function sessionNotebook(value: string, cwd: string): string | undefined {
  if (!isNotebookName(value)) return undefined; // a console or a server that names sessions otherwise
  if (isAbsolute(value)) return existsSync(value) ? resolve(value) : undefined;
  const parts = value.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
  const inCwd = join(cwd, parts[parts.length - 1] ?? value);
  const fromCwd = resolve(cwd, ...parts);
  // When cwd ends with the session's folder, the kernel runs in the notebook's folder (the usual
  // case): prefer the name in cwd even if a same-named notebook sits at `<cwd>/<folder>/`.
  const folder = parts.slice(0, -1).join(sep);
  const candidates = folder === "" || cwd.endsWith(sep + folder) ? [inCwd, fromCwd] : [fromCwd, inCwd];
  return candidates.find((p) => existsSync(p));
}

/**
 * Finds the notebook a kernel runs, in design.md's order: an explicit path; JPY_SESSION_NAME;
 * DISCERNUS_NOTEBOOK (set by `discernus run`); else a ledger named for the folder, with a warning.
 * An explicit path or DISCERNUS_NOTEBOOK that names no file is an error: a typo would otherwise
 * start a ledger beside a notebook that does not exist.
 */
export function findNotebook(options: FindNotebookOptions = {}): FoundNotebook {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());

  if (options.explicit !== undefined && options.explicit !== "") {
    const path = resolve(cwd, options.explicit);
    if (!existsSync(path))
      throw new NotebookNotFoundError(
        path,
        `the notebook: option names no file (resolved from ${cwd}); pass the path of the .ipynb, absolute or relative to the kernel's folder`,
      );
    return found(path, "explicit");
  }

  const session = env.JPY_SESSION_NAME;
  const fromSession = session ? sessionNotebook(session, cwd) : undefined;
  if (fromSession) return found(fromSession, "JPY_SESSION_NAME");

  const fromRun = env.DISCERNUS_NOTEBOOK;
  if (fromRun) {
    const path = resolve(cwd, fromRun);
    if (!existsSync(path))
      throw new NotebookNotFoundError(
        path,
        `DISCERNUS_NOTEBOOK names no file (resolved from ${cwd}); unset it, or set it to the notebook's path`,
      );
    return found(path, "DISCERNUS_NOTEBOOK");
  }

  const name = basename(cwd) || "notebook";
  const bound = found(join(cwd, `${name}.ipynb`), "cwd");
  const why = session
    ? `JPY_SESSION_NAME is ${JSON.stringify(session)}, which ${isNotebookName(session) ? "names no notebook found from this folder" : "is not a notebook path"}`
    : "the kernel was not started by Jupyter for a notebook, nor by `discernus run`";
  bound.warning =
    `No notebook is bound (${why}), so the ledger is named for the folder: ${bound.ledgerPath}. ` +
    `To bind it, pass the notebook to the session (session({ notebook: "study.ipynb" })), or run the notebook with \`discernus run study.ipynb\`.`;
  return bound;
}
