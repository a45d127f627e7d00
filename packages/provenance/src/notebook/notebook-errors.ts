import { DiscernusError } from "@discernus/gateway";

/** The notebook file is not there. */
export class NotebookNotFoundError extends DiscernusError {
  readonly path: string;
  constructor(path: string, fix = "check the path (a relative path is resolved from the current folder)") {
    super("notebook_not_found", `${path}: no such notebook; ${fix}.`);
    this.path = path;
  }
}

/** The file is there but is not a Jupyter notebook Discernus can read (not JSON, or not nbformat 4). */
export class NotebookInvalidError extends DiscernusError {
  readonly path: string;
  constructor(path: string, problem: string, fix: string) {
    super("notebook_invalid", `${path} ${problem}; ${fix}.`);
    this.path = path;
  }
}

/** A ledger that should be there is not. */
export class LedgerNotFoundError extends DiscernusError {
  readonly path: string;
  constructor(path: string, fix: string) {
    super("ledger_not_found", `${path}: no such ledger; ${fix}.`);
    this.path = path;
  }
}

/** The ledger's header names another notebook than the one it is being tied to. */
export class LedgerNotebookMismatchError extends DiscernusError {
  readonly ledgerPath: string;
  /** The notebook the ledger's header names. */
  readonly ledgerNotebook: string;
  readonly notebookPath: string;
  constructor(ledgerPath: string, ledgerNotebook: string, notebookPath: string) {
    super(
      "ledger_notebook_mismatch",
      `${ledgerPath} is the ledger of ${JSON.stringify(ledgerNotebook)} (its header says so), not of ${notebookPath}: ` +
        `embedding it would tie this notebook's outputs to another notebook's calls. ` +
        `Embed ${JSON.stringify(ledgerNotebook)}'s ledger into that notebook, or pass the ledger written for ${notebookPath}.`,
    );
    this.ledgerPath = ledgerPath;
    this.ledgerNotebook = ledgerNotebook;
    this.notebookPath = notebookPath;
  }
}

/** The notebook carries no embedded ledger to extract. */
export class LedgerNotEmbeddedError extends DiscernusError {
  readonly notebookPath: string;
  constructor(notebookPath: string, what = "metadata.discernus.provenance.embedded is absent") {
    super(
      "ledger_not_embedded",
      `${notebookPath} has no embedded ledger (${what}). ` +
        `Embed it where the ledger is (discernus embed, or the sidebar's Embed command) and share the notebook again.`,
    );
    this.notebookPath = notebookPath;
  }
}

/** The embedded copy does not decode to the bytes its checksum and size describe. */
export class EmbeddedLedgerCorruptError extends DiscernusError {
  readonly notebookPath: string;
  constructor(notebookPath: string, problem: string) {
    super(
      "ledger_corrupt",
      `${notebookPath}: the embedded ledger ${problem}, so the notebook was changed after embedding. ` +
        `Ask for the original notebook, or embed the ledger again from its .provenance.jsonl file.`,
    );
    this.notebookPath = notebookPath;
  }
}

/** Extraction would overwrite a ledger whose bytes differ from the embedded copy. */
export class LedgerExistsError extends DiscernusError {
  readonly path: string;
  constructor(path: string, notebookPath: string) {
    super(
      "ledger_exists",
      `${path} already exists and differs from the ledger embedded in ${notebookPath}; it was left untouched. ` +
        `Move it aside to keep it, or pass force: true (discernus extract --force) to replace it with the embedded copy.`,
    );
    this.path = path;
  }
}
