import type { FaultKind } from "./sim-config.js";

export interface SimLogEntry {
  at: number;
  provider: "openai" | "anthropic" | "none";
  path: string;
  model: string;
  status: number;
  stream: boolean;
  fault?: FaultKind;
}

export interface SimStats {
  totalRequests: number;
  byStatus: Record<string, number>;
  byModel: Record<string, { total: number; byStatus: Record<string, number> }>;
  faults: Partial<Record<FaultKind, number>>;
  /** The most recent requests, newest last (at most 1,000). */
  recent: SimLogEntry[];
}

const RECENT_MAX = 1000;

/** Counts what the simulator answered, for tests and benchmarks (429 share, attempts seen). */
export class SimStatsRecorder {
  #stats: SimStats = SimStatsRecorder.empty();

  static empty(): SimStats {
    return { totalRequests: 0, byStatus: {}, byModel: {}, faults: {}, recent: [] };
  }

  record(entry: SimLogEntry): void {
    const s = this.#stats;
    const status = String(entry.status);
    s.totalRequests++;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    const m = (s.byModel[entry.model] ??= { total: 0, byStatus: {} });
    m.total++;
    m.byStatus[status] = (m.byStatus[status] ?? 0) + 1;
    if (entry.fault) s.faults[entry.fault] = (s.faults[entry.fault] ?? 0) + 1;
    s.recent.push(entry);
    if (s.recent.length > RECENT_MAX) s.recent.splice(0, s.recent.length - RECENT_MAX);
  }

  snapshot(): SimStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = SimStatsRecorder.empty();
  }
}
