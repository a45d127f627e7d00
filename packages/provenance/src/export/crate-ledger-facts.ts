import type { LedgerHeader, LedgerRecord } from "../ledger-format.js";
import type { RunRecordFields } from "../records/ledger-records.js";

/** One analyze() run as the crate describes it: its start and end records, merged. */
export interface CrateRun {
  run: string;
  /** sha256 of the framework's canonical JSON (see frameworkHash in @discernus/analysis). */
  framework?: string;
  models: string[];
  items?: number;
  /** sha256 of the canonical result table. */
  digest?: string;
  startTime?: string;
  endTime: string;
  totals?: RunRecordFields["totals"];
  /** Set for a drift check (see RunRecordFields.kind), with the run it checked. */
  kind?: "drift";
  of?: string;
}

/** What an RO-Crate needs from a ledger; no call record's messages or answers are read. */
export interface CrateLedgerFacts {
  /** The header's tools first, then each session's, in ledger order. */
  tools: Record<string, string>[];
  /** Runs that ended, in the order they ended: a run without an end record produced no result. */
  runs: CrateRun[];
}

const isRecordOf = (value: unknown): value is Record<string, string> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === "string");

/** Gathers the crate's facts from a ledger's header and records (pure: give it records from anywhere). */
export async function crateLedgerFacts(
  header: Pick<LedgerHeader, "tools">,
  records: Iterable<LedgerRecord> | AsyncIterable<LedgerRecord>,
): Promise<CrateLedgerFacts> {
  const tools = [header.tools];
  const starts = new Map<string, LedgerRecord & Partial<RunRecordFields>>();
  const runs: CrateRun[] = [];
  for await (const record of records) {
    if (record.type === "session" && isRecordOf(record.tools)) tools.push(record.tools);
    if (record.type !== "run" || typeof record.run !== "string") continue;
    const fields = record as LedgerRecord & Partial<RunRecordFields>;
    if (fields.phase === "start") {
      starts.set(record.run, fields);
      continue;
    }
    if (fields.phase !== "end") continue;
    const start = starts.get(record.run);
    // The start record usually names the framework and models, the end record the digest; either may carry any.
    const framework = fields.framework ?? start?.framework;
    const items = fields.items ?? start?.items;
    const models = [...new Set([...(start?.models ?? []), ...(fields.models ?? [])])];
    runs.push({
      run: record.run,
      models,
      endTime: record.ts,
      ...(framework !== undefined ? { framework } : {}),
      ...(items !== undefined ? { items } : {}),
      ...(fields.digest !== undefined ? { digest: fields.digest } : {}),
      ...(start ? { startTime: start.ts } : {}),
      ...(fields.totals ? { totals: fields.totals } : {}),
      ...((fields.kind ?? start?.kind) === "drift"
        ? { kind: "drift" as const, ...((fields.of ?? start?.of) ? { of: fields.of ?? start?.of } : {}) }
        : {}),
    });
  }
  return { tools, runs };
}
