import type { VerifyReport } from "@discernus/provenance/browser";
import { LedgerHistoryBuilder, type LedgerHistory } from "./ledger-history.js";
import { readLedgerText, type ReadLedgerOptions } from "./read-ledger-text.js";

export interface LedgerTextSummary {
  history: LedgerHistory;
  /** Undefined when read without verifying. */
  report: VerifyReport | undefined;
  notebook: string | undefined;
  /** UTF-8 bytes after the last newline (a write cut short). */
  tailBytes: number;
  /** How many times reading yielded to the event loop. */
  yields: number;
  /** The chain's head after `options.headAfter` records, when it verifies that far. */
  headAfter: string | undefined;
}

export interface SummarizeOptions extends Omit<ReadLedgerOptions, "onRecord"> {
  /** How many of the latest calls the history keeps. */
  recentCalls?: number;
}

/** Verifies a ledger's text and folds its records into the sidebar's history, in one pass. */
export async function summarizeLedgerText(
  text: string,
  options: SummarizeOptions = {},
): Promise<LedgerTextSummary> {
  const { recentCalls, ...readOptions } = options;
  const builder = new LedgerHistoryBuilder(recentCalls === undefined ? {} : { recentCalls });
  const read = await readLedgerText(text, { ...readOptions, onRecord: (record) => builder.add(record) });
  return {
    history: builder.build(),
    report: read.report,
    notebook: read.notebook,
    tailBytes: read.tailBytes,
    yields: read.yields,
    headAfter: read.headAfter,
  };
}
