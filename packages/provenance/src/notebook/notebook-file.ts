import { readFile } from "node:fs/promises";
import { formatNbformatJson, parseNbformatJson } from "./nbformat-json.js";
import { NotebookInvalidError, NotebookNotFoundError } from "./notebook-errors.js";
import { replaceFile } from "./replace-file.js";

/** The parts of an nbformat 4 notebook Discernus reads; everything else is kept as it was. */
export interface NotebookOutput {
  output_type: string;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface NotebookCell {
  cell_type: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: NotebookOutput[];
  [field: string]: unknown;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  [field: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Parses a notebook's text; `path` only names the file in errors. */
export function parseNotebook(text: string, path: string): Notebook {
  let value: unknown;
  try {
    value = parseNbformatJson(text);
  } catch (err) {
    throw new NotebookInvalidError(
      path,
      `is not valid JSON (${(err as Error).message})`,
      "it may be cut short or hold a merge conflict; restore it from version control or a checkpoint (.ipynb_checkpoints)",
    );
  }
  if (!isObject(value) || !("nbformat" in value) || !("cells" in value))
    throw new NotebookInvalidError(
      path,
      "is JSON but not a Jupyter notebook (no nbformat or cells)",
      "pass the .ipynb file of the notebook",
    );
  if (Number(value.nbformat) !== 4)
    throw new NotebookInvalidError(
      path,
      `is an nbformat ${String(value.nbformat)} notebook; Discernus reads nbformat 4`,
      "open and save it in JupyterLab, or run `jupyter nbconvert --to notebook --inplace` on it, to convert it",
    );
  if (!Array.isArray(value.cells) || !value.cells.every(isObject) || !isObject(value.metadata ?? {}))
    throw new NotebookInvalidError(
      path,
      "is not a valid nbformat 4 notebook (cells must be a list of objects, metadata an object)",
      "check it with `jupyter nbconvert --to notebook --stdout` or restore it from version control",
    );
  // nbformat requires metadata; a hand-made notebook may lack it, and embedding needs somewhere to write.
  value.metadata ??= {};
  return value as unknown as Notebook;
}

/** The notebook as nbformat writes it: sorted keys, indent 1, non-ASCII as is, a final newline. */
export function formatNotebook(notebook: Notebook): string {
  return formatNbformatJson(notebook);
}

export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new NotebookNotFoundError(path);
    if (code === "EISDIR")
      throw new NotebookInvalidError(path, "is a folder, not a notebook", "pass the .ipynb file inside it");
    throw err;
  }
  return parseNotebook(text, path);
}

/** Writes the notebook back atomically, in nbformat's layout, so untouched parts keep their bytes. */
export async function writeNotebook(path: string, notebook: Notebook): Promise<void> {
  await replaceFile(path, formatNotebook(notebook));
}
