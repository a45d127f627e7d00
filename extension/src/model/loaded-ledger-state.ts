import type { LedgerState } from "./ledger-state.js";
import type { RecordedHead } from "./recorded-head.js";
import type { LedgerTextSummary } from "./summarize-ledger-text.js";

/**
 * The state of a ledger just read: where it came from, its history and verdict, and what the
 * notebook recorded of it beside the ledger's own head at that count (`summary.headAfter`, read
 * with `headAfter: recorded.records`).
 */
export function loadedLedgerState(
  path: string,
  ledger: { origin: "file" | "embedded"; lastModified?: string | undefined },
  summary: Pick<LedgerTextSummary, "history" | "report" | "headAfter">,
  recorded: RecordedHead | undefined,
  readAt: number,
): LedgerState {
  return {
    path,
    status: "loaded",
    origin: ledger.origin,
    history: summary.history,
    readAt,
    ...(summary.report ? { report: summary.report } : {}),
    ...(recorded ? { recorded: { ...recorded, ledgerHead: summary.headAfter } } : {}),
    ...(ledger.lastModified !== undefined ? { lastModified: ledger.lastModified } : {}),
  };
}
