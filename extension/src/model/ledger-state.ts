import type { VerifyReport } from "@discernus/provenance/browser";
import type { LedgerHistory } from "./ledger-history.js";

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
  /** Why reading failed (status "error"): a message that names the fix. */
  error?: string;
  /** Epoch ms of the last read. */
  readAt?: number;
  /** The file's last_modified as the server reported it, to skip re-reading an unchanged file. */
  lastModified?: string;
  /** The outcome of the last embed command, shown under the status. */
  notice?: { level: "info" | "error"; text: string };
}
