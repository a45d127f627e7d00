import type { GatewayEvent, GatewayResponse, LimitWindow } from "@discernus/gateway";

/** The MIME type the sidebar watches on every kernel's iopub (design.md, "Telemetry"). */
export const TELEMETRY_MIME = "application/vnd.discernus.telemetry.v1+json";

export interface ModelProgress {
  done: number;
  cached: number;
  failed: number;
  spentNanoUsd: number;
}

export interface LimitState {
  observedAt: number;
  requests?: LimitWindow;
  tokens?: LimitWindow;
  inputTokens?: LimitWindow;
  outputTokens?: LimitWindow;
}

/** One finished call, as the sidebar's list of recent calls shows it. */
export interface RecentCall {
  callId: string;
  model: string;
  /** "ok", "cached", or the error code it failed with. */
  status: string;
  inputTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  latencyMs: number;
  at: number;
}

/** One provider batch of a batch-mode run, as the sidebar shows it in flight. */
export interface BatchProgress {
  batchId: string;
  provider: string;
  /** OpenAI runs one model per batch; an Anthropic batch mixes models (undefined). */
  model?: string;
  /** The provider's state, or "collected" once every item is in the ledger. */
  state:
    "validating" | "in_progress" | "finalizing" | "ended" | "expired" | "cancelled" | "failed" | "collected";
  items: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
  processing: number;
  /** Epoch ms. */
  submittedAt: number;
  expiresAt?: number;
  /** Picked up from the ledger (submitted by an earlier run or kernel), not submitted by this run. */
  resumed: boolean;
  /** What the collected items cost, with the batch discount. */
  costNanoUsd: number;
}

/** How many recent calls a snapshot carries: enough for the panel, small enough for iopub. */
export const RECENT_CALLS = 20;

/** One picture of a run in progress; sent as JSON under TELEMETRY_MIME. */
export interface TelemetrySnapshot {
  v: 1;
  run: string;
  label: string;
  state: "running" | "done" | "failed";
  total: number;
  done: number;
  cached: number;
  failed: number;
  retries: number;
  fallbacks: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  spentNanoUsd: number;
  reservedNanoUsd: number;
  capNanoUsd: number | null;
  models: Record<string, ModelProgress>;
  /** Rate-limit headroom per model, as the provider last reported it. */
  limits: Record<string, LimitState>;
  /** Per model: until when (epoch ms) a 429 told it to wait. */
  cooldowns: Record<string, number>;
  /** Calls sent and not yet answered, and calls waiting to be sent (queue depth). */
  inFlight: number;
  queued: number;
  /** Failures by error code. */
  failures: Record<string, number>;
  /** The latest finished calls, newest first. */
  recent: RecentCall[];
  elapsedMs: number;
  /** This notebook's ledger: everything it recorded before this run, plus this run. */
  notebook?: { path: string; ledger: string; spentNanoUsd: number };
  /** Every ledger under the project's folder (where discernus.config.json is), this one included. */
  project?: { spentNanoUsd: number; ledgers: number };
  /** Calls the budget refused in this run: more than 0 means the cap stopped work. */
  budgetRefused: number;
  /** Models answered by a simulator (provider-sim), not the real provider. */
  simulated: string[];
  /** "batch" when analyze() ran with { mode: "batch" }. */
  mode?: "interactive" | "batch";
  /** The run's provider batches (batch mode), oldest first. */
  batches?: BatchProgress[];
}

/** Where the run sits: the notebook's and the project's spend before it began. */
export interface SpendScope {
  notebook: { path: string; ledger: string; priorSpentNanoUsd: number };
  project?: { priorSpentNanoUsd: number; ledgers: number };
}

/** Folds gateway events into a TelemetrySnapshot (pure apart from the clock it is given). */
export class TelemetryTracker {
  readonly #snapshot: TelemetrySnapshot;
  readonly #startedAt: number;
  readonly #now: () => number;
  readonly #scope: SpendScope | undefined;
  readonly #simulated = new Set<string>();

  constructor(run: string, label: string, total: number, now: () => number = Date.now, scope?: SpendScope) {
    this.#now = now;
    this.#scope = scope;
    this.#startedAt = now();
    this.#snapshot = {
      v: 1,
      run,
      label,
      state: "running",
      total,
      done: 0,
      cached: 0,
      failed: 0,
      retries: 0,
      fallbacks: 0,
      rateLimitWaits: 0,
      rateLimitWaitMs: 0,
      spentNanoUsd: 0,
      reservedNanoUsd: 0,
      capNanoUsd: null,
      models: {},
      limits: {},
      cooldowns: {},
      inFlight: 0,
      queued: 0,
      failures: {},
      recent: [],
      elapsedMs: 0,
      budgetRefused: 0,
      simulated: [],
    };
  }

  // Calls queued but not yet sent, and calls sent and not yet finished, by call id.
  readonly #waiting = new Set<string>();
  readonly #sent = new Set<string>();

  #finish(callId: string, call: RecentCall): void {
    this.#waiting.delete(callId);
    this.#sent.delete(callId);
    const s = this.#snapshot;
    s.recent.unshift(call);
    if (s.recent.length > RECENT_CALLS) s.recent.length = RECENT_CALLS;
  }

  #model(id: string): ModelProgress {
    return (this.#snapshot.models[id] ??= { done: 0, cached: 0, failed: 0, spentNanoUsd: 0 });
  }

  /** Items finished outside the gateway (an answer that failed validation after its call) count here. */
  countFailure(model: string): void {
    this.#snapshot.failed++;
    this.#model(model).failed++;
  }

  /**
   * The budget as it stands, for what the gateway's events do not report: the start of a run, and
   * batches reserved or held without a call.
   */
  onBudget(budget: { spentNanoUsd: number; reservedNanoUsd: number; capNanoUsd: number | null }): void {
    const s = this.#snapshot;
    s.spentNanoUsd = budget.spentNanoUsd;
    s.reservedNanoUsd = budget.reservedNanoUsd;
    s.capNanoUsd = budget.capNanoUsd;
  }

  /** A batch-mode run: its batches are shown with their progress. */
  onBatch(progress: BatchProgress): void {
    const s = this.#snapshot;
    s.mode = "batch";
    const batches = (s.batches ??= []);
    const i = batches.findIndex((b) => b.batchId === progress.batchId);
    if (i === -1) batches.push(progress);
    else batches[i] = progress;
  }

  /**
   * One call answered (or failed) as a batch item: counted as done at its discounted cost. Batch
   * items bypass the gateway's events, so the run's spend is taken from the budget here too.
   */
  onBatchAnswer(
    call: { callId: string; model: string; at: number },
    answer:
      | { cost: { totalNanoUsd: number }; usage: GatewayResponse["usage"]; latencyMs: number }
      | { code: string },
    budget: { spentNanoUsd: number; reservedNanoUsd: number; capNanoUsd: number | null },
  ): void {
    const s = this.#snapshot;
    const m = this.#model(call.model);
    this.onBudget(budget);
    if ("code" in answer) {
      s.failed++;
      m.failed++;
      s.failures[answer.code] = (s.failures[answer.code] ?? 0) + 1;
      this.#finish(call.callId, {
        ...call,
        status: answer.code,
        inputTokens: 0,
        outputTokens: 0,
        costNanoUsd: 0,
        latencyMs: 0,
      });
      return;
    }
    s.done++;
    m.done++;
    m.spentNanoUsd += answer.cost.totalNanoUsd;
    const u = answer.usage;
    this.#finish(call.callId, {
      ...call,
      status: "ok",
      inputTokens: u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens,
      outputTokens: u.outputTokens + u.reasoningTokens,
      costNanoUsd: answer.cost.totalNanoUsd,
      latencyMs: answer.latencyMs,
    });
  }

  onEvent(event: GatewayEvent): void {
    const s = this.#snapshot;
    switch (event.type) {
      case "queued":
        this.#waiting.add(event.callId);
        break;
      case "sent":
        this.#waiting.delete(event.callId);
        this.#sent.add(event.callId);
        break;
      case "done":
      case "cache_hit": {
        const r = event.response;
        s.done++;
        const m = this.#model(r.requestedModel);
        if (r.simulated) this.#simulated.add(r.model);
        if (event.type === "cache_hit") {
          s.cached++;
          m.cached++;
        } else {
          m.done++;
          m.spentNanoUsd += r.cost.totalNanoUsd;
        }
        this.#finish(event.callId, {
          callId: event.callId,
          model: r.model,
          status: event.type === "cache_hit" ? "cached" : "ok",
          inputTokens: r.usage.inputTokens + r.usage.cachedInputTokens + r.usage.cacheWriteTokens,
          outputTokens: r.usage.outputTokens + r.usage.reasoningTokens,
          costNanoUsd: r.cost.totalNanoUsd,
          latencyMs: r.latencyMs,
          at: event.at,
        });
        break;
      }
      case "failed":
        s.failed++;
        // A failed call can still be billed (tokens streamed before the cut): it is spend all the same.
        this.#model(event.model).failed++;
        this.#model(event.model).spentNanoUsd += event.costNanoUsd;
        s.failures[event.code] = (s.failures[event.code] ?? 0) + 1;
        this.#finish(event.callId, {
          callId: event.callId,
          model: event.model,
          status: event.code,
          inputTokens: 0,
          outputTokens: 0,
          costNanoUsd: event.costNanoUsd,
          latencyMs: 0,
          at: event.at,
        });
        break;
      case "retry":
        s.retries++;
        if (event.code === "rate_limited")
          s.cooldowns[event.model] = Math.max(s.cooldowns[event.model] ?? 0, event.at + event.delayMs);
        break;
      case "fallback":
        s.fallbacks++;
        break;
      case "rate_limit_wait":
        s.rateLimitWaits++;
        s.rateLimitWaitMs += event.waitMs;
        break;
      case "rate_limit": {
        const { observedAt, requests, tokens, inputTokens, outputTokens } = event.snapshot;
        s.limits[event.model] = {
          observedAt,
          ...(requests ? { requests } : {}),
          ...(tokens ? { tokens } : {}),
          ...(inputTokens ? { inputTokens } : {}),
          ...(outputTokens ? { outputTokens } : {}),
        };
        break;
      }
      case "budget":
        s.spentNanoUsd = event.spentNanoUsd;
        s.reservedNanoUsd = event.reservedNanoUsd;
        s.capNanoUsd = event.capNanoUsd;
        break;
      default:
        break;
    }
  }

  finish(state: "done" | "failed"): void {
    this.#snapshot.state = state;
  }

  snapshot(): TelemetrySnapshot {
    const s = this.#snapshot;
    const snapshot: TelemetrySnapshot = {
      ...s,
      inFlight: this.#sent.size,
      queued: this.#waiting.size,
      elapsedMs: this.#now() - this.#startedAt,
      budgetRefused: s.failures.budget_exceeded ?? 0,
      simulated: [...this.#simulated],
    };
    const scope = this.#scope;
    if (scope) {
      let runSpent = 0;
      for (const m of Object.values(s.models)) runSpent += m.spentNanoUsd;
      const { path, ledger, priorSpentNanoUsd } = scope.notebook;
      const notebookSpent = priorSpentNanoUsd + runSpent;
      snapshot.notebook = { path, ledger, spentNanoUsd: notebookSpent };
      if (scope.project)
        snapshot.project = {
          spentNanoUsd: scope.project.priorSpentNanoUsd + notebookSpent,
          ledgers: scope.project.ledgers + 1,
        };
    }
    return structuredClone(snapshot);
  }
}
