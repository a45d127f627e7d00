import type { VerifyReport } from "@discernus/provenance/browser";
import type { LedgerHistory } from "./ledger-history.js";
import type { RecordedHead } from "./recorded-head.js";

/** "unknown": not read yet; "absent": no file and no embedded copy; "error": reading failed. */
export type LedgerStatus = "unknown" | "loading" | "absent" | "loaded" | "error";

/** What the sidebar knows of one notebook's ledger. */
export interface LedgerState {
  /** The ledger's server path (`dir/study.provenance.jsonl`). */
  path: string;
  status: LedgerStatus;
  /** Where the text came from: the file beside the notebook, or the copy embedded in it. */
  origin?: "file" | "embedded";
  history?: LedgerHistory;
  /** The verdict of the last read or of the verify command. */
  report?: VerifyReport;
  /**
   * What the notebook's metadata recorded of the ledger when it was embedded (count and head), as
   * of the last read, with the ledger's own head after that many records (`ledgerHead`; undefined
   * when the ledger does not verify that far).
   */
  recorded?: RecordedHead & { ledgerHead: string | undefined };
  /** Why reading failed (status "error"): a message that names the fix. */
  error?: string;
  /** Epoch ms of the last read. */
  readAt?: number;
  /** The file's last_modified as the server reported it, to skip re-reading an unchanged file. */
  lastModified?: string;
  /** The outcome of the last embed command, shown under the status. */
  notice?: { level: "info" | "error"; text: string };
}
