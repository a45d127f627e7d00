/**
 * The part of the provenance package that runs in a browser (the JupyterLab sidebar): no Node
 * built-ins, so a bundler can take it. The caller reads the ledger's text and computes each line's
 * sha256 itself (WebCrypto in a browser), feeding LedgerScanner line by line:
 * `scanner.push(lineText, sha256Hex)` returns the line's record (undefined for the header and once
 * a line failed: see `scanner.failure`), and `scanner.finish(bytesAfterLastNewline)` the verdict.
 */
export {
  LedgerScanner,
  type ScannerOptions,
  type VerifyReport,
  type LedgerProblem,
} from "./read/ledger-scanner.js";
export {
  emptyTotals,
  emptySpendRow,
  addRecordToTotals,
  type LedgerTotals,
  type SpendRow,
} from "./index/ledger-totals.js";
export {
  LEDGER_FORMAT,
  LEDGER_VERSION,
  ledgerPathFor,
  type LedgerHeader,
  type LedgerRecord,
} from "./ledger-format.js";
export type * from "./records/ledger-records.js";
export type { ProvenanceMetadata, EmbeddedLedger, LedgerSummary } from "./notebook/embed-ledger.js";
