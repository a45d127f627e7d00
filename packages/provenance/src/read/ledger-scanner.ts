import { LEDGER_FORMAT, LEDGER_VERSION, type LedgerRecord } from "../ledger-format.js";
import { checkRecord } from "../records/check-record.js";
import { isCanonicalLine } from "./is-canonical-line.js";

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

export interface ScannerOptions {
  /** Default true: `verify` must say when a line was re-serialised by something other than Discernus. */
  checkCanonicalForm?: boolean;
  /**
   * Continue from a known-good point instead of line 1: just past record `seq`, whose line hashed
   * to `head`. Run totals are not checked then (a run may have begun before it).
   */
  from?: { seq: number; head: string; notebook: string };
}

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
 * The checks of a ledger, one line at a time: header, canonical form, sequence, hash chain, record
 * schema and run totals. It reads no file and computes no hash (the caller feeds each line with its
 * sha256), so the same checks run in Node (scanLedger) and in the browser (the JupyterLab sidebar).
 */
export class LedgerScanner {
  readonly #checkCanonicalForm: boolean;
  readonly #runs = new Map<string, RunTally>();
  #lines: number;
  #prevHash: string | undefined;
  #prevSeq: number;
  #notebook: string | undefined;
  #failure: VerifyReport | undefined;

  constructor(options: ScannerOptions = {}) {
    this.#checkCanonicalForm = options.checkCanonicalForm ?? true;
    this.#lines = options.from ? options.from.seq + 1 : 0;
    this.#prevHash = options.from?.head;
    this.#prevSeq = options.from?.seq ?? 0;
    this.#notebook = options.from?.notebook;
  }

  /** The report of the first failing line, once there is one. */
  get failure(): VerifyReport | undefined {
    return this.#failure;
  }

  #fail(line: number, problem: string): undefined {
    this.#failure = {
      status: "corrupt",
      records: Math.max(0, line - 2),
      head: this.#prevHash,
      notebook: this.#notebook,
      problem: { line, problem: `line ${line} ${problem}` },
    };
    return undefined;
  }

  /**
   * Checks the next complete line (without its newline) whose bytes hash to `sha256`, and returns
   * its record; undefined for the header and after a failure (see `failure`).
   */
  push(text: string, sha256: string): LedgerRecord | undefined {
    if (this.#failure) return undefined;
    const lineNo = ++this.#lines;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.#fail(lineNo, "is not valid JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return this.#fail(lineNo, "is not a JSON object");
    if (this.#checkCanonicalForm && !isCanonicalLine(value, text))
      return this.#fail(lineNo, "is not in canonical form (keys sorted, no spaces): it was edited");
    const problem =
      lineNo === 1
        ? checkHeader(value)
        : (checkChained(value, this.#prevHash, this.#prevSeq) ?? checkRunTotals(value, this.#runs));
    if (problem) return this.#fail(lineNo, problem);
    this.#prevHash = sha256;
    if (lineNo === 1) {
      this.#notebook = value.notebook as string;
      return undefined;
    }
    this.#prevSeq++;
    tally(value, this.#runs);
    return value as LedgerRecord;
  }

  /** The verdict, given how many bytes followed the last newline (a write cut short). */
  finish(tailBytes: number): VerifyReport {
    if (this.#failure) return this.#failure;
    const lines = this.#lines;
    if (lines === 0) {
      const empty = tailBytes === 0;
      return {
        status: empty ? "corrupt" : "torn_tail",
        records: 0,
        head: undefined,
        notebook: undefined,
        problem: {
          line: 1,
          problem: `line 1 ${empty ? "is missing: the file is empty" : "is a partial header (a write was cut short)"}`,
        },
      };
    }
    const base = { records: lines - 1, head: this.#prevHash, notebook: this.#notebook };
    if (tailBytes === 0) return { status: "verified", ...base };
    return {
      status: "torn_tail",
      ...base,
      problem: {
        line: lines + 1,
        problem: `line ${lines + 1} is a partial record (a write was cut short); it is moved aside when the ledger is next opened`,
      },
    };
  }
}
