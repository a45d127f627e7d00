import { DiscernusError } from "@discernus/gateway";

/** The notebook has no ledger file beside it; a crate ships the ledger as a file of its own. */
export class CrateLedgerMissingError extends DiscernusError {
  readonly notebookPath: string;
  readonly ledgerPath: string;
  constructor(notebookPath: string, ledgerPath: string, embedded: boolean) {
    super(
      "ledger_not_found",
      embedded
        ? `${ledgerPath} is not there: ${notebookPath} holds only an embedded copy of its ledger. ` +
            `Write it out first with \`discernus extract ${notebookPath}\`, then build the crate again.`
        : `${ledgerPath} is not there and ${notebookPath} embeds no ledger; a crate needs the notebook's ledger. ` +
            "Put the ledger beside the notebook (study.ipynb -> study.provenance.jsonl).",
    );
    this.notebookPath = notebookPath;
    this.ledgerPath = ledgerPath;
  }
}

/** The ledger does not verify: a crate would archive a record nobody can check. */
export class CrateLedgerUnverifiedError extends DiscernusError {
  readonly ledgerPath: string;
  readonly status: string;
  constructor(ledgerPath: string, status: string, problem: string | undefined) {
    super(
      "ledger_corrupt",
      `${ledgerPath} does not verify (${problem ?? status}); no crate was written. ` +
        `Run \`discernus verify ${ledgerPath}\` to see where the chain breaks, and restore the ledger from a good copy.`,
    );
    this.ledgerPath = ledgerPath;
    this.status = status;
  }
}

/** A crate file is already there; a crate's metadata may have been edited by hand, so it is kept. */
export class CrateExistsError extends DiscernusError {
  readonly path: string;
  constructor(path: string) {
    super(
      "export_failed",
      `${path} already exists and was left untouched. Move it aside, choose another folder (--out), ` +
        "or pass force: true (discernus crate --force) to replace it.",
    );
    this.path = path;
  }
}
