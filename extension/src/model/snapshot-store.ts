import { MAX_RECENT_CALLS } from "./discernus-settings.js";
import { parseSnapshot } from "./parse-snapshot.js";
import type { ProjectSpend, RecentCall, TelemetrySnapshot } from "./telemetry-snapshot.js";

/** What became of one offered snapshot. */
export type OfferOutcome = "accepted" | "garbled" | "stale";

interface RunEntry {
  snapshot: TelemetrySnapshot;
  /**
   * Recent calls gathered across the run's snapshots, newest first: a snapshot carries only the
   * last 20, and the panel may list more.
   */
  recent: RecentCall[];
  seen: Set<string>;
}

interface NotebookRuns {
  /** Latest entry per run id; Map order is the order runs were last updated (oldest first). */
  runs: Map<string, RunEntry>;
  /** The run the panel shows: the one updated last. */
  current: string | undefined;
}

export interface SnapshotStoreOptions {
  /** Runs kept per notebook; older ones are forgotten (the ledger holds them). Default 50. */
  maxRunsPerNotebook?: number;
  /** Recent calls kept per run. Default MAX_RECENT_CALLS. */
  maxRecentCalls?: number;
}

/**
 * Whether `next` is a later picture of the same run than `prev`. Snapshots can arrive out of order
 * (two outputs of one run, a replayed output), so a snapshot that goes back in time is stale:
 * counts only grow, `elapsedMs` only grows, and a finished run never runs again.
 */
function isLater(prev: TelemetrySnapshot, next: TelemetrySnapshot): boolean {
  if (prev.state !== "running" && next.state === "running") return false;
  if (next.elapsedMs < prev.elapsedMs) return false;
  return next.done + next.failed >= prev.done + prev.failed;
}

/**
 * The latest telemetry snapshot per run, per notebook. Pure: the kernel listener feeds it, the
 * sidebar reads it; `version` grows with every accepted change, so a view can tell whether it has
 * anything new to draw.
 */
export class SnapshotStore {
  readonly #notebooks = new Map<string, NotebookRuns>();
  readonly #maxRuns: number;
  readonly #maxRecent: number;
  #project: ProjectSpend | undefined;
  version = 0;
  readonly counts = { accepted: 0, garbled: 0, stale: 0 };

  constructor(options: SnapshotStoreOptions = {}) {
    this.#maxRuns = Math.max(1, options.maxRunsPerNotebook ?? 50);
    this.#maxRecent = Math.max(1, options.maxRecentCalls ?? MAX_RECENT_CALLS);
  }

  /** Offers raw output data (a JSON string or object) seen for `notebook`. */
  offer(notebook: string, data: unknown): OfferOutcome {
    const snapshot = parseSnapshot(data);
    if (!snapshot) {
      this.counts.garbled++;
      return "garbled";
    }
    return this.accept(notebook, snapshot) ? "accepted" : "stale";
  }

  /** Keeps an already-checked snapshot if it is later than the one held for its run. */
  accept(notebook: string, snapshot: TelemetrySnapshot): boolean {
    let runs = this.#notebooks.get(notebook);
    if (!runs) this.#notebooks.set(notebook, (runs = { runs: new Map(), current: undefined }));
    const prev = runs.runs.get(snapshot.run);
    if (prev && !isLater(prev.snapshot, snapshot)) {
      this.counts.stale++;
      return false;
    }
    const entry: RunEntry = prev ?? { snapshot, recent: [], seen: new Set() };
    entry.snapshot = snapshot;
    this.#mergeRecent(entry, snapshot.recent);
    // Delete first so the Map's order stays "least recently updated first".
    runs.runs.delete(snapshot.run);
    runs.runs.set(snapshot.run, entry);
    runs.current = snapshot.run;
    if (runs.runs.size > this.#maxRuns) {
      const oldest = runs.runs.keys().next().value;
      if (oldest !== undefined) runs.runs.delete(oldest);
    }
    if (snapshot.project) this.#project = snapshot.project;
    this.counts.accepted++;
    this.version++;
    return true;
  }

  /** Adds the calls of a snapshot (newest first) that the run has not seen, keeping the newest. */
  #mergeRecent(entry: RunEntry, recent: readonly RecentCall[]): void {
    const fresh = recent.filter((call) => !entry.seen.has(call.callId));
    if (fresh.length === 0) return;
    for (const call of fresh) entry.seen.add(call.callId);
    const merged = [...fresh, ...entry.recent];
    // Usually every fresh call is newer than all held ones; sort only when a late one slipped in.
    const oldestFresh = fresh.at(-1)!.at;
    const newestHeld = entry.recent[0]?.at ?? Number.NEGATIVE_INFINITY;
    entry.recent = oldestFresh >= newestHeld ? merged : merged.sort((a, b) => b.at - a.at);
    if (entry.recent.length > this.#maxRecent) {
      for (const dropped of entry.recent.splice(this.#maxRecent)) entry.seen.delete(dropped.callId);
    }
  }

  /** The snapshot of the run updated last in `notebook`. */
  latest(notebook: string): TelemetrySnapshot | undefined {
    const runs = this.#notebooks.get(notebook);
    return runs?.current === undefined ? undefined : runs.runs.get(runs.current)?.snapshot;
  }

  run(notebook: string, run: string): TelemetrySnapshot | undefined {
    return this.#notebooks.get(notebook)?.runs.get(run)?.snapshot;
  }

  /** Every run held for `notebook`, updated last first. */
  runs(notebook: string): TelemetrySnapshot[] {
    const runs = this.#notebooks.get(notebook);
    return runs ? [...runs.runs.values()].reverse().map((e) => e.snapshot) : [];
  }

  /** The recent calls of a run (default: the current one), newest first. */
  recentCalls(notebook: string, run?: string): readonly RecentCall[] {
    const runs = this.#notebooks.get(notebook);
    const id = run ?? runs?.current;
    return (id === undefined ? undefined : runs?.runs.get(id)?.recent) ?? [];
  }

  /** The latest project-wide spend any kernel reported. */
  get project(): ProjectSpend | undefined {
    return this.#project;
  }

  /** Forgets a notebook's live runs (its kernel restarted or stopped: the ledger is the truth now). */
  clear(notebook: string): void {
    if (this.#notebooks.delete(notebook)) this.version++;
  }

  /** Moves a notebook's runs to a new key (the notebook was renamed). */
  rename(from: string, to: string): void {
    const runs = this.#notebooks.get(from);
    if (!runs || from === to) return;
    this.#notebooks.delete(from);
    this.#notebooks.set(to, runs);
    this.version++;
  }
}
