import { LEDGER_FORMAT, LEDGER_VERSION, sha256Hex, type LedgerRecord } from "./ledger-format.js";
import { isCanonicalLine } from "./read/is-canonical-line.js";
import { readLedgerLines } from "./read/ledger-lines.js";
import { checkRecord } from "./records/check-record.js";

export interface LedgerProblem {
  /** 1-based line number. */
  line: number;
  problem: string;
}

export interface VerifyReport {
  /** "verified": every line holds; "torn_tail": all holds but a partial last line; "corrupt": see problem. */
  status: "verified" | "torn_tail" | "corrupt";
  records: number;
  /** sha256 of the last good line: the chain's head. */
  head: string | undefined;
  notebook: string | undefined;
  problem?: LedgerProblem;
}

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

interface RunTally {
  calls: number;
  cacheHits: number;
  failed: number;
  costNanoUsd: number;
}

function checkHeader(value: Record<string, unknown>): string | undefined {
  if (value.format !== LEDGER_FORMAT)
    return `is not a Discernus ledger header (format ${JSON.stringify(value.format)})`;
  if (value.version !== LEDGER_VERSION)
    return `has format version ${String(value.version)}, which this Discernus does not read (it reads ${LEDGER_VERSION}); upgrade Discernus to read it`;
  if (value.seq !== 0) return "is a header whose seq is not 0";
  if (typeof value.notebook !== "string") return "is a header that names no notebook";
  return undefined;
}

function checkChained(
  value: Record<string, unknown>,
  prevHash: string | undefined,
  prevSeq: number,
): string | undefined {
  if (value.seq !== prevSeq + 1)
    return `has seq ${String(value.seq)} where ${prevSeq + 1} was due: a record was removed, added or moved`;
  if (value.prev !== prevHash)
    return "does not chain to the line before it (prev is not its sha256): a line before it was changed, removed or moved";
  if (typeof value.type !== "string" || value.type === "") return "has no record type";
  if (typeof value.ts !== "string" || Number.isNaN(Date.parse(value.ts))) return "has no valid timestamp";
  return checkRecord(value);
}

/** A run's end record states its totals; they must equal the sum of the records tagged with it. */
function checkRunTotals(value: Record<string, unknown>, runs: Map<string, RunTally>): string | undefined {
  const totals = value.totals as RunTally | undefined;
  if (value.type !== "run" || value.phase !== "end" || !totals) return undefined;
  const seen = runs.get(value.run as string) ?? { calls: 0, cacheHits: 0, failed: 0, costNanoUsd: 0 };
  for (const key of ["calls", "cacheHits", "failed", "costNanoUsd"] as const) {
    if (totals[key] !== seen[key])
      return `is run ${String(value.run)}'s end, stating ${key} ${String(totals[key])} where its records add up to ${seen[key]}`;
  }
  return undefined;
}

function tally(value: Record<string, unknown>, runs: Map<string, RunTally>): void {
  const run = (value.tags as Record<string, string> | undefined)?.run;
  if (run === undefined || (value.type !== "call" && value.type !== "cache_hit")) return;
  let t = runs.get(run);
  if (!t) runs.set(run, (t = { calls: 0, cacheHits: 0, failed: 0, costNanoUsd: 0 }));
  if (value.type === "cache_hit") t.cacheHits++;
  else {
    t.calls++;
    if (value.outcome === "failed") t.failed++;
    t.costNanoUsd += (value.cost as { totalNanoUsd: number }).totalNanoUsd;
  }
}

/**
 * Reads a ledger once, streaming (memory stays flat): header, canonical form, sequence, hash
 * chain, record schema and run totals, handing each good record to `visit`. Stops at the first
 * failure, which names its line and what is wrong. Opening a ledger for a session skips the
 * canonical-form check: the chain already covers every byte, and only `verify` needs to say that a
 * line was re-serialised by something other than Discernus.
 */
export async function scanLedger(
  path: string,
  visit?: RecordVisitor,
  options: ScanOptions = {},
): Promise<VerifyReport> {
  const checkCanonicalForm = options.checkCanonicalForm ?? true;
  const from = options.from;
  let lines = from ? from.seq + 1 : 0;
  let prevHash: string | undefined = from?.head;
  let prevSeq = from?.seq ?? 0;
  let notebook: string | undefined = from?.notebook;
  const runs = new Map<string, RunTally>();
  const fail = (line: number, problem: string): VerifyReport => ({
    status: "corrupt",
    records: Math.max(0, line - 2),
    head: prevHash,
    notebook,
    problem: { line, problem: `line ${line} ${problem}` },
  });
  const reader = readLedgerLines(path, from ? { offset: from.offset, lineNo: from.seq + 1 } : undefined);
  let step = await reader.next();
  for (; !step.done; step = await reader.next()) {
    const { lineNo, offset, text, bytes } = step.value;
    lines = lineNo;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fail(lineNo, "is not valid JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return fail(lineNo, "is not a JSON object");
    if (checkCanonicalForm && !isCanonicalLine(value, text))
      return fail(lineNo, "is not in canonical form (keys sorted, no spaces): it was edited");
    const problem =
      lineNo === 1
        ? checkHeader(value)
        : (checkChained(value, prevHash, prevSeq) ?? checkRunTotals(value, runs));
    if (problem) return fail(lineNo, problem);
    const hash = sha256Hex(bytes);
    if (lineNo === 1) notebook = value.notebook as string;
    else {
      prevSeq++;
      tally(value, runs);
      visit?.(value as LedgerRecord, offset, bytes.length, hash);
    }
    prevHash = hash;
  }
  const tailBytes = step.value.tailBytes;
  if (lines === 0) {
    return tailBytes === 0
      ? fail(1, "is missing: the file is empty")
      : { ...fail(1, "is a partial header (a write was cut short)"), status: "torn_tail" };
  }
  const records = lines - 1;
  if (tailBytes > 0) {
    return {
      status: "torn_tail",
      records,
      head: prevHash,
      notebook,
      problem: {
        line: lines + 1,
        problem: `line ${lines + 1} is a partial record (a write was cut short); it is moved aside when the ledger is next opened`,
      },
    };
  }
  return { status: "verified", records, head: prevHash, notebook };
}

/** Checks a whole ledger; see scanLedger. */
export function verifyLedger(path: string): Promise<VerifyReport> {
  return scanLedger(path);
}
