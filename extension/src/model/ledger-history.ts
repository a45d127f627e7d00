import {
  addRecordToTotals,
  emptyTotals,
  type BudgetRecordFields,
  type CacheHitRecordFields,
  type CallRecordFields,
  type LedgerRecord,
  type LedgerTotals,
  type RunRecordFields,
} from "@discernus/provenance/browser";
import { LedgerBatchesBuilder, type LedgerBatch } from "./ledger-batches.js";
import type { RecentCall } from "./telemetry-snapshot.js";

/** One analyze() run as its `run` records tell it. */
export interface RunHistory {
  run: string;
  startedAt?: string;
  endedAt?: string;
  framework?: string;
  /** A drift check (`kind: "drift"`) re-asks part of the run `of`; its calls are evidence, not the study's answers. */
  drift?: { of: string };
  models: string[];
  items?: number;
  digest?: string;
  /** The totals the run's end record states (verify checks them against its calls). */
  stated?: { calls: number; cacheHits: number; failed: number; costNanoUsd: number };
  /** Items left without a score. */
  unscored: number;
  /** "incomplete": started and never ended (the kernel stopped or was interrupted mid-run). */
  state: "complete" | "incomplete";
}

/** One call or cache hit as the recent-calls list shows it (`at`: epoch ms of the record; `excerpt`: full-store ledgers only). */
export interface LedgerCall extends RecentCall {
  seq: number;
  kind: "call" | "cache_hit";
  run?: string;
}

/** The budget of the last session that opened the ledger. */
export interface SessionBudget {
  startedAt?: string;
  capNanoUsd: number | null;
  /** Spent by calls recorded since that session opened. */
  spentNanoUsd: number;
  /** Calls the budget refused in that session: more than 0 means the cap stopped work. */
  refused: number;
}

export interface LedgerHistory {
  records: number;
  /** Records left out of the totals because they lack the fields (only after a verification failure). */
  skipped: number;
  totals: LedgerTotals;
  /** Newest first. */
  runs: RunHistory[];
  /** The latest calls and cache hits, newest first. */
  recent: LedgerCall[];
  lastSession: SessionBudget | undefined;
  /** Provider batches (batch-mode runs), in the order they were submitted. */
  batches: LedgerBatch[];
  firstAt?: string;
  lastAt?: string;
}

export interface LedgerHistoryOptions {
  /** How many of the latest calls to keep. Default 20. */
  recentCalls?: number;
  /** Longest answer excerpt kept. Default 200 characters. */
  excerptLength?: number;
}

/**
 * Folds ledger records (in order) into what the sidebar shows when no kernel reports live: the
 * runs, totals by model, provider and run (provenance's own `addRecordToTotals`, so the figures
 * are those of `discernus report`), the latest calls and the last session's budget. Memory stays
 * bounded by the number of runs and models, not calls.
 */
export class LedgerHistoryBuilder {
  readonly #recentMax: number;
  readonly #excerptLength: number;
  readonly #totals = emptyTotals();
  readonly #runs = new Map<string, RunHistory>();
  /** A ring of the latest calls: `#recentNext` is where the next one goes. */
  readonly #recent: LedgerCall[] = [];
  #recentNext = 0;
  #session: SessionBudget | undefined;
  readonly #batches = new LedgerBatchesBuilder();
  #records = 0;
  #skipped = 0;
  #firstAt: string | undefined;
  #lastAt: string | undefined;

  constructor(options: LedgerHistoryOptions = {}) {
    this.#recentMax = Math.max(0, options.recentCalls ?? 20);
    this.#excerptLength = options.excerptLength ?? 200;
  }

  add(record: LedgerRecord): void {
    this.#records++;
    this.#firstAt ??= record.ts;
    this.#lastAt = record.ts;
    try {
      addRecordToTotals(this.#totals, record);
    } catch {
      // Only a record past a verification failure can lack the fields totals read; it is counted
      // in no total, and the ledger's status already says it does not verify.
      this.#skipped++;
    }
    this.#batches.add(record);
    switch (record.type) {
      case "session":
        this.#session = { startedAt: record.ts, capNanoUsd: null, spentNanoUsd: 0, refused: 0 };
        break;
      case "budget": {
        const budget = record as unknown as BudgetRecordFields;
        const session = this.#currentSession();
        if (budget.action === "cap") session.capNanoUsd = budget.capNanoUsd;
        else session.refused++;
        break;
      }
      case "call":
        this.#addCall(record, record as unknown as CallRecordFields);
        break;
      case "cache_hit":
        this.#addCacheHit(record, record as unknown as CacheHitRecordFields);
        break;
      case "run":
        this.#addRun(record, record as unknown as RunRecordFields);
        break;
    }
  }

  #currentSession(): SessionBudget {
    return (this.#session ??= { capNanoUsd: null, spentNanoUsd: 0, refused: 0 });
  }

  #remember(call: LedgerCall): void {
    if (this.#recentMax === 0) return;
    this.#recent[this.#recentNext] = call;
    this.#recentNext = (this.#recentNext + 1) % this.#recentMax;
  }

  #addCall(record: LedgerRecord, call: CallRecordFields): void {
    const cost = call.cost?.totalNanoUsd ?? 0;
    this.#currentSession().spentNanoUsd += cost;
    const usage = call.usage;
    const text = call.response?.text;
    const entry: LedgerCall = {
      callId: call.call,
      seq: record.seq,
      kind: "call",
      model: call.response?.model ?? call.route?.at(-1) ?? call.request?.resolvedModel ?? "unknown",
      status: call.outcome === "ok" ? "ok" : (call.error?.code ?? "failed"),
      inputTokens: usage ? usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens : 0,
      outputTokens: usage ? usage.outputTokens + usage.reasoningTokens : 0,
      costNanoUsd: cost,
      latencyMs: call.timing?.latencyMs ?? 0,
      at: Date.parse(record.ts),
    };
    if (call.tags?.run !== undefined) entry.run = call.tags.run;
    if (typeof text === "string" && text !== "") entry.excerpt = text.slice(0, this.#excerptLength);
    else if (call.outcome === "failed" && call.error?.message) entry.excerpt = call.error.message;
    this.#remember(entry);
  }

  #addCacheHit(record: LedgerRecord, hit: CacheHitRecordFields): void {
    const entry: LedgerCall = {
      callId: hit.call,
      seq: record.seq,
      kind: "cache_hit",
      model: hit.model,
      status: "cached",
      inputTokens: 0,
      outputTokens: 0,
      costNanoUsd: 0,
      latencyMs: 0,
      at: Date.parse(record.ts),
    };
    if (hit.tags?.run !== undefined) entry.run = hit.tags.run;
    this.#remember(entry);
  }

  #addRun(record: LedgerRecord, fields: RunRecordFields): void {
    let run = this.#runs.get(fields.run);
    if (!run) {
      run = { run: fields.run, models: [], unscored: 0, state: "incomplete" };
      this.#runs.set(fields.run, run);
    }
    if (fields.framework !== undefined) run.framework = fields.framework;
    if (fields.kind === "drift" && typeof fields.of === "string") run.drift = { of: fields.of };
    if (Array.isArray(fields.models)) run.models = fields.models;
    if (fields.items !== undefined) run.items = fields.items;
    if (fields.phase === "start") run.startedAt = record.ts;
    else {
      run.endedAt = record.ts;
      run.state = "complete";
      if (fields.digest !== undefined) run.digest = fields.digest;
      if (fields.totals) run.stated = fields.totals;
      run.unscored = Array.isArray(fields.unscored) ? fields.unscored.length : 0;
    }
  }

  build(): LedgerHistory {
    // The ring from its oldest entry, then reversed: newest first.
    const recent = [
      ...this.#recent.slice(this.#recentNext),
      ...this.#recent.slice(0, this.#recentNext),
    ].reverse();
    const history: LedgerHistory = {
      records: this.#records,
      skipped: this.#skipped,
      totals: this.#totals,
      runs: [...this.#runs.values()].reverse(),
      recent,
      lastSession: this.#session ? { ...this.#session } : undefined,
      batches: this.#batches.build(),
    };
    if (this.#firstAt !== undefined) history.firstAt = this.#firstAt;
    if (this.#lastAt !== undefined) history.lastAt = this.#lastAt;
    return history;
  }
}
