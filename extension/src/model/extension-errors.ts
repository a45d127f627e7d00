/**
 * The errors the extension shows a researcher. Each has a stable `code` (callers decide by the
 * class or the code, never the message) and a message that names the problem and the fix.
 */
export type ExtensionErrorCode =
  | "no_notebook"
  | "ledger_not_found"
  | "ledger_unreadable"
  | "ledger_does_not_verify"
  | "ledger_notebook_mismatch"
  | "embedded_ledger_invalid"
  | "record_not_found";

export class DiscernusExtensionError extends Error {
  readonly code: ExtensionErrorCode;
  constructor(code: ExtensionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NoNotebookError extends DiscernusExtensionError {
  constructor() {
    super("no_notebook", "No notebook is open: open or select a notebook first.");
  }
}

export class LedgerNotFoundError extends DiscernusExtensionError {
  readonly ledgerPath: string;
  constructor(ledgerPath: string) {
    super(
      "ledger_not_found",
      `${ledgerPath} does not exist: run a cell that opens a Discernus session() in this notebook (it writes the ledger beside the notebook), or write the notebook's embedded copy out with \`discernus extract\`.`,
    );
    this.ledgerPath = ledgerPath;
  }
}

export class LedgerUnreadableError extends DiscernusExtensionError {
  readonly ledgerPath: string;
  constructor(ledgerPath: string, reason: string, cause?: unknown) {
    super(
      "ledger_unreadable",
      `${ledgerPath} could not be read (${reason}); check that the Jupyter server is running and the file is UTF-8 text, then try again.`,
      { cause },
    );
    this.ledgerPath = ledgerPath;
  }
}

export class LedgerDoesNotVerifyError extends DiscernusExtensionError {
  readonly ledgerPath: string;
  readonly problem: string;
  constructor(ledgerPath: string, problem: string) {
    super(
      "ledger_does_not_verify",
      `${ledgerPath} does not verify (${problem}); nothing was embedded. Run \`discernus verify\` on the notebook to see every check.`,
    );
    this.ledgerPath = ledgerPath;
    this.problem = problem;
  }
}

export class LedgerNotebookMismatchError extends DiscernusExtensionError {
  constructor(ledgerPath: string, ledgerNotebook: string, notebookPath: string) {
    super(
      "ledger_notebook_mismatch",
      `${ledgerPath} belongs to ${ledgerNotebook}, not to ${notebookPath}: it was copied or renamed. Embed it into its own notebook, or rename the notebook back.`,
    );
  }
}

export class EmbeddedLedgerInvalidError extends DiscernusExtensionError {
  constructor(notebookPath: string, problem: string) {
    super(
      "embedded_ledger_invalid",
      `The ledger embedded in ${notebookPath} ${problem}; re-embed it from the ledger file (Discernus: Embed provenance), or restore the notebook from version control.`,
    );
  }
}

export class RecordNotFoundError extends DiscernusExtensionError {
  constructor(ledgerPath: string, callId: string) {
    super(
      "record_not_found",
      `Call ${callId} is not in ${ledgerPath}: the ledger was read before the call was written, or belongs to another run. Reload the ledger and try again.`,
    );
  }
}
