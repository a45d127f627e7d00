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
