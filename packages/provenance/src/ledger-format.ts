export const LEDGER_FORMAT = "discernus.provenance";
export const LEDGER_VERSION = 1;

/** Line 1 of every ledger. */
export interface LedgerHeader {
  format: typeof LEDGER_FORMAT;
  version: number;
  seq: 0;
  /** The notebook this ledger belongs to, relative to the ledger's folder. */
  notebook: string;
  created: string;
  tools: Record<string, string>;
}

/** Every later line: one record, chained to the line before it. */
export interface LedgerRecord {
  seq: number;
  ts: string;
  type: string;
  /** sha256 (hex) of the previous line's bytes, without its newline. */
  prev: string;
  [field: string]: unknown;
}

/** `study.ipynb` -> `study.provenance.jsonl`, beside it. */
export function ledgerPathFor(notebookPath: string): string {
  return notebookPath.replace(/\.ipynb$/i, "") + ".provenance.jsonl";
}
