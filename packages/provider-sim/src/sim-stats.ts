import type { FaultKind } from "./sim-config.js";

export interface SimLogEntry {
  /** When the request arrived (ms since the epoch). */
  at: number;
  provider: "openai" | "anthropic";
  path: string;
  /** "" when the request named none that could be read. */
  model: string;
  /** 0 when no HTTP response was sent (dropped, stalled, or the client left first). */
  status: number;
  stream: boolean;
  fault?: FaultKind;
}

export interface SimStats {
  totalRequests: number;
  byStatus: Record<string, number>;
  byModel: Record<string, { total: number; byStatus: Record<string, number> }>;
  /** Responses with status 429, from limits or injected. */
  rateLimited: number;
  /** Faults met, per kind. */
  faults: Partial<Record<FaultKind, number>>;
  /** The most recent requests, oldest first (at most 1,000). */
  recent: SimLogEntry[];
  /** The Batch APIs, apart from the interactive counts above (which they do not add to). */
  batch: BatchStats;
}

export type BatchItemOutcome = "succeeded" | "errored" | "expired" | "canceled";

export interface BatchStats {
  /** HTTP requests to the Files and Batch endpoints, per provider. */
  requests: Record<"openai" | "anthropic", number>;
  /** Items of ended batches, per provider and outcome. */
  items: Record<"openai" | "anthropic", Record<BatchItemOutcome, number>>;
}

const RECENT_MAX = 1000;

/** Counts what the simulator answered, for tests and benchmarks (429 share, attempts seen). */
export class SimStatsRecorder {
  #totals = SimStatsRecorder.#empty();
  // A ring: the log costs the same per request however long the run.
  #recent: SimLogEntry[] = [];
  #next = 0;

  static #empty(): Omit<SimStats, "recent"> {
    const items = () => ({ succeeded: 0, errored: 0, expired: 0, canceled: 0 });
    return {
      totalRequests: 0,
      byStatus: {},
      byModel: {},
      rateLimited: 0,
      faults: {},
      batch: { requests: { openai: 0, anthropic: 0 }, items: { openai: items(), anthropic: items() } },
    };
  }

  /** One request to a Files or Batch endpoint. */
  recordBatchRequest(provider: "openai" | "anthropic"): void {
    this.#totals.batch.requests[provider]++;
  }

  /** The items of a batch that has ended, by outcome. */
  recordBatchItems(
    provider: "openai" | "anthropic",
    counts: Partial<Record<BatchItemOutcome, number>>,
  ): void {
    const items = this.#totals.batch.items[provider];
    for (const [outcome, count] of Object.entries(counts)) items[outcome as BatchItemOutcome] += count;
  }

  record(entry: SimLogEntry): void {
    const s = this.#totals;
    const status = String(entry.status);
    s.totalRequests++;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    if (entry.status === 429) s.rateLimited++;
    if (entry.model) {
      const m = (s.byModel[entry.model] ??= { total: 0, byStatus: {} });
      m.total++;
      m.byStatus[status] = (m.byStatus[status] ?? 0) + 1;
    }
    if (entry.fault) s.faults[entry.fault] = (s.faults[entry.fault] ?? 0) + 1;
    if (this.#recent.length < RECENT_MAX) this.#recent.push(entry);
    else this.#recent[this.#next] = entry;
    this.#next = (this.#next + 1) % RECENT_MAX;
  }

  snapshot(): SimStats {
    const recent =
      this.#recent.length < RECENT_MAX
        ? [...this.#recent]
        : [...this.#recent.slice(this.#next), ...this.#recent.slice(0, this.#next)];
    return structuredClone({ ...this.#totals, recent });
  }

  reset(): void {
    this.#totals = SimStatsRecorder.#empty();
    this.#recent = [];
    this.#next = 0;
  }
}
