import { scanLedger, type VerifyReport } from "../verify-ledger.js";
import { LedgerIndex } from "./ledger-index.js";
import type { LedgerTotals } from "./ledger-totals.js";

export interface LedgerSummaryReport {
  verify: VerifyReport;
  totals: LedgerTotals;
  /** The chain's head after each of these record counts (for checking a notebook's recorded head). */
  headAt(records: number): string | undefined;
}

/**
 * Verifies and totals a ledger in one streaming pass, without taking its lock (a kernel may be
 * writing it). `anchors` are record counts whose chain head the caller wants to check.
 */
export async function summarizeLedger(
  path: string,
  anchors: readonly number[] = [],
): Promise<LedgerSummaryReport> {
  const index = new LedgerIndex();
  const heads = new Map<number, string>();
  const wanted = new Set(anchors);
  const verify = await scanLedger(path, (record, offset, length, hash) => {
    index.add(record, offset, length, hash);
    if (wanted.has(record.seq)) heads.set(record.seq, hash);
  });
  return { verify, totals: index.totals, headAt: (records) => heads.get(records) };
}
