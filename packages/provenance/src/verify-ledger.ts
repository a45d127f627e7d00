import type { LedgerRecord } from "./ledger-format.js";
import { readLedgerLines } from "./read/ledger-lines.js";
import { LedgerScanner, type VerifyReport } from "./read/ledger-scanner.js";
import { sha256Hex } from "./sha256-hex.js";

export type { LedgerProblem, VerifyReport } from "./read/ledger-scanner.js";

export interface ScanOptions {
  /** Default true; see scanLedger. */
  checkCanonicalForm?: boolean;
  /**
   * Continue from a known-good point instead of line 1: the byte offset just past record `seq`,
   * whose line hashed to `head`. Run totals are not checked then (a run may have begun before it).
   */
  from?: { offset: number; seq: number; head: string; notebook: string };
}

/** Called for each record that verified, in order, with where its line is and the line's sha256. */
export type RecordVisitor = (record: LedgerRecord, offset: number, length: number, hash: string) => void;

/**
 * Reads a ledger once, streaming (memory stays flat), through the LedgerScanner's checks, handing
 * each good record to `visit`. Stops at the first failure, which names its line and what is wrong.
 * Opening a ledger for a session skips the canonical-form check: the chain already covers every
 * byte, and only `verify` needs to say that a line was re-serialised by something other than Discernus.
 */
export async function scanLedger(
  path: string,
  visit?: RecordVisitor,
  options: ScanOptions = {},
): Promise<VerifyReport> {
  const { from } = options;
  const scanner = new LedgerScanner(options);
  const reader = readLedgerLines(path, from ? { offset: from.offset, lineNo: from.seq + 1 } : undefined);
  let step = await reader.next();
  for (; !step.done; step = await reader.next()) {
    const { offset, text, bytes } = step.value;
    const hash = sha256Hex(bytes);
    const record = scanner.push(text, hash);
    if (scanner.failure) return scanner.failure;
    if (record) visit?.(record, offset, bytes.length, hash);
  }
  return scanner.finish(step.value.tailBytes);
}

/** Checks a whole ledger; see scanLedger. */
export function verifyLedger(path: string): Promise<VerifyReport> {
  return scanLedger(path);
}
