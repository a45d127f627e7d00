import type { GatewayEvent, LimitWindow } from "@discernus/gateway";

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
  elapsedMs: number;
}

/** Folds gateway events into a TelemetrySnapshot (pure apart from the clock it is given). */
export class TelemetryTracker {
  readonly #snapshot: TelemetrySnapshot;
  readonly #startedAt: number;
  readonly #now: () => number;

  constructor(run: string, label: string, total: number, now: () => number = Date.now) {
    this.#now = now;
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
      elapsedMs: 0,
    };
  }

  #model(id: string): ModelProgress {
    return (this.#snapshot.models[id] ??= { done: 0, cached: 0, failed: 0, spentNanoUsd: 0 });
  }

  /** Items finished outside the gateway (an answer that failed validation after its call) count here. */
  countFailure(model: string): void {
    this.#snapshot.failed++;
    this.#model(model).failed++;
  }

  onEvent(event: GatewayEvent): void {
    const s = this.#snapshot;
    switch (event.type) {
      case "done": {
        s.done++;
        const m = this.#model(event.response.requestedModel);
        m.done++;
        m.spentNanoUsd += event.response.cost.totalNanoUsd;
        break;
      }
      case "cache_hit":
        s.done++;
        s.cached++;
        this.#model(event.response.requestedModel).cached++;
        break;
      case "failed":
        s.failed++;
        this.#model(event.model).failed++;
        break;
      case "retry":
        s.retries++;
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
    return structuredClone({ ...this.#snapshot, elapsedMs: this.#now() - this.#startedAt });
  }
}
