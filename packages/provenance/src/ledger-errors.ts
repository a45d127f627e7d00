import { DiscernusError } from "@discernus/gateway";

/** A ledger line that breaks the chain, the sequence, the header or the record schema. */
export class LedgerCorruptError extends DiscernusError {
  readonly path: string;
  /** 1-based line number in the file. */
  readonly line: number;
  constructor(path: string, line: number, problem: string) {
    super(
      "ledger_corrupt",
      `${path}, line ${line}: ${problem}. The ledger no longer verifies from this line on; restore it from the notebook's embedded copy or from version control.`,
    );
    this.path = path;
    this.line = line;
  }
}

/** Another process holds the ledger's lock. */
export class LedgerLockedError extends DiscernusError {
  readonly path: string;
  constructor(path: string, holder: string) {
    super(
      "ledger_locked",
      `${path} is being written by another process (${holder}). Two kernels on one notebook would interleave their records: stop the other kernel, or use another notebook.`,
    );
    this.path = path;
  }
}

/** A record could not be written or synced (disk full, permissions, a removed folder). */
export class LedgerWriteError extends DiscernusError {
  readonly path: string;
  constructor(path: string, what: string, cause: unknown) {
    super(
      "ledger_write_failed",
      `${path}: ${what} could not be written (${(cause as Error)?.message ?? String(cause)}). ` +
        `Free disk space or fix the folder's permissions, then re-run the cell: answers the ledger holds are not paid again.`,
      { cause },
    );
    this.path = path;
  }
}
