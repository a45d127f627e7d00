import { ZERO_USAGE, type TokenUsage } from "@discernus/gateway/types";
import type { LedgerRecord } from "../ledger-format.js";
import type {
  BudgetRecordFields,
  CacheHitRecordFields,
  CallRecordFields,
} from "../records/ledger-records.js";

/** Spend and outcomes of a set of calls (a model, a provider, a run, or all). */
export interface SpendRow {
  /** Calls sent to a provider (answered or failed). */
  calls: number;
  failed: number;
  cacheHits: number;
  /** Extra attempts on the same model. */
  retries: number;
  /** Calls answered (or failed) after leaving their first model. */
  fallbacks: number;
  costNanoUsd: number;
  usage: TokenUsage;
}

export interface LedgerTotals {
  all: SpendRow;
  byModel: Record<string, SpendRow>;
  byProvider: Record<string, SpendRow>;
  /** Keyed by the `run` tag of each call (analyze() sets it). */
  byRun: Record<string, SpendRow>;
  budget: { capNanoUsd: number | null; refused: number };
  sessions: number;
}

export function emptySpendRow(): SpendRow {
  return {
    calls: 0,
    failed: 0,
    cacheHits: 0,
    retries: 0,
    fallbacks: 0,
    costNanoUsd: 0,
    usage: { ...ZERO_USAGE },
  };
}

export function emptyTotals(): LedgerTotals {
  return {
    all: emptySpendRow(),
    byModel: {},
    byProvider: {},
    byRun: {},
    budget: { capNanoUsd: null, refused: 0 },
    sessions: 0,
  };
}

function rowsFor(totals: LedgerTotals, model: string, run: string | undefined): SpendRow[] {
  const provider = model.split("/")[0] ?? model;
  const rows = [
    totals.all,
    (totals.byModel[model] ??= emptySpendRow()),
    (totals.byProvider[provider] ??= emptySpendRow()),
  ];
  if (run !== undefined) rows.push((totals.byRun[run] ??= emptySpendRow()));
  return rows;
}

/** Adds one `call` record: cost and tokens go to the model that answered (or last failed). */
export function addCall(totals: LedgerTotals, call: CallRecordFields): void {
  const model = call.response?.model ?? call.route.at(-1) ?? call.request.resolvedModel;
  const retries = Math.max(0, call.attempts.length - call.route.length);
  for (const row of rowsFor(totals, model, call.tags?.run)) {
    row.calls++;
    if (call.outcome === "failed") row.failed++;
    row.retries += retries;
    if (call.route.length > 1) row.fallbacks++;
    row.costNanoUsd += call.cost.totalNanoUsd;
    for (const kind of Object.keys(row.usage) as (keyof TokenUsage)[]) row.usage[kind] += call.usage[kind];
  }
}

export function addCacheHit(totals: LedgerTotals, hit: CacheHitRecordFields): void {
  for (const row of rowsFor(totals, hit.model, hit.tags?.run)) row.cacheHits++;
}

/** Adds any record: calls and cache hits to their rows, the budget's cap and refusals, sessions. */
export function addRecordToTotals(totals: LedgerTotals, record: LedgerRecord): void {
  switch (record.type) {
    case "call":
      addCall(totals, record as unknown as CallRecordFields);
      break;
    case "cache_hit":
      addCacheHit(totals, record as unknown as CacheHitRecordFields);
      break;
    case "budget": {
      const budget = record as unknown as BudgetRecordFields;
      if (budget.action === "cap") totals.budget.capNanoUsd = budget.capNanoUsd;
      else totals.budget.refused++;
      break;
    }
    case "session":
      totals.sessions++;
      break;
  }
}
