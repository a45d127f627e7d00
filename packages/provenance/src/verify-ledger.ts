import { createReadStream } from "node:fs";
import { canonicalJson } from "@discernus/gateway";
import { LEDGER_FORMAT, LEDGER_VERSION, sha256Hex } from "./ledger-format.js";

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

function check(
  line: string,
  lineNo: number,
  prevHash: string | undefined,
  prevSeq: number,
): string | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return "is not valid JSON";
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "is not a JSON object";
  if (canonicalJson(value) !== line)
    return "is not in canonical form (keys sorted, no spaces): it was edited";
  if (lineNo === 1) {
    if (value.format !== LEDGER_FORMAT)
      return `is not a Discernus ledger header (format ${JSON.stringify(value.format)})`;
    if (value.version !== LEDGER_VERSION)
      return `has format version ${String(value.version)}, which this Discernus does not read (it reads ${LEDGER_VERSION})`;
    if (value.seq !== 0) return "is a header whose seq is not 0";
    return undefined;
  }
  if (value.seq !== prevSeq + 1)
    return `has seq ${String(value.seq)} where ${prevSeq + 1} was due: a record was removed, added or moved`;
  if (value.prev !== prevHash)
    return "does not chain to the line before it (prev is not its sha256): a line before it was changed, removed or moved";
  if (typeof value.type !== "string" || value.type === "") return "has no record type";
  if (typeof value.ts !== "string" || Number.isNaN(Date.parse(value.ts))) return "has no valid timestamp";
  return undefined;
}

/**
 * Checks a ledger line by line, streaming (memory stays flat): header, canonical form, sequence and
 * hash chain. The first failure names its line and what is wrong.
 */
export async function verifyLedger(path: string): Promise<VerifyReport> {
  let lineNo = 0;
  let prevHash: string | undefined;
  let prevSeq = 0;
  let notebook: string | undefined;
  let rest = "";
  const fail = (line: number, problem: string): VerifyReport => ({
    status: "corrupt",
    records: Math.max(0, line - 2),
    head: prevHash,
    notebook,
    problem: { line, problem },
  });
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      const line = text.slice(start, nl);
      start = nl + 1;
      lineNo++;
      const problem = check(line, lineNo, prevHash, prevSeq);
      if (problem) return fail(lineNo, `line ${lineNo} ${problem}`);
      if (lineNo === 1) notebook = (JSON.parse(line) as { notebook?: string }).notebook;
      else prevSeq++;
      prevHash = sha256Hex(line);
    }
    rest = text.slice(start);
  }
  if (lineNo === 0 && rest === "") return fail(1, "line 1 is missing: the file is empty");
  const records = Math.max(0, lineNo - 1);
  if (rest !== "") {
    return {
      status: "torn_tail",
      records,
      head: prevHash,
      notebook,
      problem: {
        line: lineNo + 1,
        problem: `line ${lineNo + 1} is a partial record (a write was cut short); it is moved aside when the ledger is next opened`,
      },
    };
  }
  return { status: "verified", records, head: prevHash, notebook };
}
