import { LedgerCorruptError } from "../ledger-errors.js";
import { LEDGER_FORMAT, type LedgerHeader, type LedgerRecord } from "../ledger-format.js";
import { readLedgerLines } from "../read/ledger-lines.js";

export interface LedgerContents {
  header: LedgerHeader;
  /** The records after the header, streamed in ledger order; iterate it once, to the end. */
  records: AsyncGenerator<LedgerRecord, void>;
}

/**
 * Opens a ledger for an export: its header, then its records one by one (memory stays flat). Lines
 * that are not JSON, and `call` or `cache_hit` records without the fields an export reads, raise
 * LedgerCorruptError naming the line: an export never guesses a missing figure. The chain itself is
 * not checked here; `verifyLedger` does that.
 */
export async function readLedgerRecords(path: string): Promise<LedgerContents> {
  const lines = readLedgerLines(path);
  const first = await lines.next();
  if (first.done) throw new LedgerCorruptError(path, 1, "the file is empty: no header");
  const header = parseLine(path, first.value.lineNo, first.value.text) as Partial<LedgerHeader>;
  if (header.format !== LEDGER_FORMAT || typeof header.notebook !== "string") {
    await lines.return({ tailBytes: 0 });
    throw new LedgerCorruptError(path, 1, `not a ${LEDGER_FORMAT} header`);
  }
  async function* records(): AsyncGenerator<LedgerRecord, void> {
    try {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const record = parseLine(path, next.value.lineNo, next.value.text) as LedgerRecord;
        const problem = schemaProblem(record);
        if (problem) throw new LedgerCorruptError(path, next.value.lineNo, problem);
        yield record;
      }
    } finally {
      await lines.return({ tailBytes: 0 });
    }
  }
  return { header: { ...header, tools: header.tools ?? {} } as LedgerHeader, records: records() };
}

function parseLine(path: string, lineNo: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LedgerCorruptError(path, lineNo, "the line is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new LedgerCorruptError(path, lineNo, "the line is not a JSON object");
  return value as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The fields the exports read from each record type they translate (see ledger-records.ts). */
function schemaProblem(record: Record<string, unknown>): string | undefined {
  if (typeof record.type !== "string" || typeof record.seq !== "number")
    return "the record has no type or seq";
  if (record.type === "call") {
    const { request, usage, cost, timing } = record;
    if (typeof record.call !== "string" || typeof record.cacheKey !== "string")
      return "a call record without call or cacheKey";
    if (!isObject(request) || typeof request.resolvedModel !== "string" || !Array.isArray(request.messages))
      return "a call record without request.resolvedModel or request.messages";
    if (!isObject(usage) || !isObject(cost) || typeof cost.totalNanoUsd !== "number")
      return "a call record without usage or cost.totalNanoUsd";
    if (
      !isObject(timing) ||
      typeof timing.startedAt !== "string" ||
      Number.isNaN(Date.parse(timing.startedAt)) ||
      typeof timing.latencyMs !== "number"
    )
      return "a call record without timing";
    if (!Array.isArray(record.attempts) || !Array.isArray(record.route))
      return "a call record without attempts or route";
    if (record.outcome === "ok" && !isObject(record.response)) return "an ok call record without response";
  }
  if (record.type === "cache_hit") {
    const { original } = record;
    if (
      typeof record.call !== "string" ||
      typeof record.cacheKey !== "string" ||
      typeof record.model !== "string"
    )
      return "a cache_hit record without call, cacheKey or model";
    if (!isObject(original) || typeof original.call !== "string" || typeof original.seq !== "number")
      return "a cache_hit record without original.call and original.seq";
  }
  return undefined;
}
