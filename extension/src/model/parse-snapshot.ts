import type {
  BatchProgress,
  BatchState,
  LimitState,
  LimitWindow,
  ModelProgress,
  NotebookSpend,
  ProjectSpend,
  RecentCall,
  RunState,
  TelemetrySnapshot,
} from "./telemetry-snapshot.js";

/** More recent calls than this in one snapshot are dropped: the kernel sends 20, a garbled one could send millions. */
const MAX_RECENT = 200;
/** Longest answer excerpt kept; the list shows one line of it. */
const MAX_EXCERPT = 500;
/** More models, limits or failure codes than this are not a real run. */
const MAX_KEYS = 500;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 1000;
const RUN_STATES: readonly string[] = ["running", "done", "failed"];
/** A batch's states as the provider reports them (the ledger's `polled` and `collected` records). */
export const PROVIDER_BATCH_STATES: readonly string[] = [
  "validating",
  "in_progress",
  "finalizing",
  "ended",
  "expired",
  "cancelled",
  "failed",
] satisfies BatchState[];
const BATCH_STATES: readonly string[] = [...PROVIDER_BATCH_STATES, "collected" satisfies BatchState];
/** More batches than this in one snapshot are dropped: a run of 50,000 items makes a few dozen at most. */
const MAX_BATCHES = 500;

/** The entries of `value` whose key is text and whose value `pick` accepts; undefined if `value` is no object. */
function pickRecord<T>(value: unknown, pick: (v: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, T> = {};
  let n = 0;
  for (const [key, raw] of Object.entries(value)) {
    if (!isText(key) || ++n > MAX_KEYS) continue;
    const picked = pick(raw);
    if (picked !== undefined) out[key] = picked;
  }
  return out;
}

function pickWindow(v: unknown): LimitWindow | undefined {
  if (!isObject(v) || !isCount(v.limit) || !isCount(v.remaining) || !isCount(v.resetMs)) return undefined;
  return { limit: v.limit, remaining: v.remaining, resetMs: v.resetMs };
}

function pickLimitState(v: unknown): LimitState | undefined {
  if (!isObject(v) || !isCount(v.observedAt)) return undefined;
  const state: LimitState = { observedAt: v.observedAt };
  for (const kind of ["requests", "tokens", "inputTokens", "outputTokens"] as const) {
    const window = pickWindow(v[kind]);
    if (window) state[kind] = window;
  }
  return state;
}

function pickModelProgress(v: unknown): ModelProgress | undefined {
  if (
    !isObject(v) ||
    !isCount(v.done) ||
    !isCount(v.cached) ||
    !isCount(v.failed) ||
    !isCount(v.spentNanoUsd)
  )
    return undefined;
  return { done: v.done, cached: v.cached, failed: v.failed, spentNanoUsd: v.spentNanoUsd };
}

function pickRecentCall(v: unknown): RecentCall | undefined {
  if (!isObject(v) || !isText(v.callId) || !isText(v.model) || !isText(v.status)) return undefined;
  const numbers = ["inputTokens", "outputTokens", "costNanoUsd", "latencyMs", "at"] as const;
  if (!numbers.every((k) => isCount(v[k]))) return undefined;
  const call: RecentCall = {
    callId: v.callId,
    model: v.model,
    status: v.status,
    inputTokens: v.inputTokens as number,
    outputTokens: v.outputTokens as number,
    costNanoUsd: v.costNanoUsd as number,
    latencyMs: v.latencyMs as number,
    at: v.at as number,
  };
  if (typeof v.excerpt === "string" && v.excerpt !== "") call.excerpt = v.excerpt.slice(0, MAX_EXCERPT);
  return call;
}

function pickNotebook(v: unknown): NotebookSpend | undefined {
  if (!isObject(v) || typeof v.path !== "string" || typeof v.ledger !== "string" || !isCount(v.spentNanoUsd))
    return undefined;
  return { path: v.path, ledger: v.ledger, spentNanoUsd: v.spentNanoUsd };
}

function pickProject(v: unknown): ProjectSpend | null | undefined {
  if (v === null) return null;
  if (!isObject(v) || !isCount(v.spentNanoUsd) || !isCount(v.ledgers)) return undefined;
  return { spentNanoUsd: v.spentNanoUsd, ledgers: v.ledgers };
}

const BATCH_COUNTS = [
  "items",
  "succeeded",
  "errored",
  "expired",
  "cancelled",
  "processing",
  "submittedAt",
  "costNanoUsd",
] as const;

function pickBatch(v: unknown): BatchProgress | undefined {
  if (!isObject(v) || !isText(v.batchId) || !isText(v.provider)) return undefined;
  if (typeof v.state !== "string" || !BATCH_STATES.includes(v.state)) return undefined;
  if (!BATCH_COUNTS.every((k) => isCount(v[k]))) return undefined;
  const batch: BatchProgress = {
    batchId: v.batchId,
    provider: v.provider,
    state: v.state as BatchState,
    ...(Object.fromEntries(BATCH_COUNTS.map((k) => [k, v[k] as number])) as Record<
      (typeof BATCH_COUNTS)[number],
      number
    >),
    // An older kernel that does not say: it submitted the batch itself.
    resumed: v.resumed === true,
  };
  if (isText(v.model)) batch.model = v.model;
  if (isCount(v.expiresAt)) batch.expiresAt = v.expiresAt;
  return batch;
}

const COUNTS = [
  "total",
  "done",
  "cached",
  "failed",
  "retries",
  "fallbacks",
  "rateLimitWaits",
  "rateLimitWaitMs",
  "spentNanoUsd",
  "reservedNanoUsd",
  "inFlight",
  "queued",
  "elapsedMs",
] as const;

/**
 * A telemetry snapshot from an output's data (a JSON string, or the object Jupyter already parsed),
 * checked field by field and copied, or undefined when it is not one: a garbled or foreign payload
 * is ignored, never allowed to break the panel. Optional parts that are malformed are dropped alone.
 */
export function parseSnapshot(data: unknown): TelemetrySnapshot | undefined {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isObject(value) || value.v !== 1 || !isText(value.run) || typeof value.label !== "string")
    return undefined;
  if (typeof value.state !== "string" || !RUN_STATES.includes(value.state)) return undefined;
  if (!COUNTS.every((k) => isCount(value[k]))) return undefined;
  if (value.capNanoUsd !== null && !isCount(value.capNanoUsd)) return undefined;
  const counts = Object.fromEntries(COUNTS.map((k) => [k, value[k] as number])) as Record<
    (typeof COUNTS)[number],
    number
  >;
  const snapshot: TelemetrySnapshot = {
    v: 1,
    run: value.run,
    label: value.label,
    state: value.state as RunState,
    ...counts,
    capNanoUsd: value.capNanoUsd,
    models: pickRecord(value.models, pickModelProgress) ?? {},
    limits: pickRecord(value.limits, pickLimitState) ?? {},
    cooldowns: pickRecord(value.cooldowns, (v) => (isCount(v) ? v : undefined)) ?? {},
    failures: pickRecord(value.failures, (v) => (isCount(v) ? v : undefined)) ?? {},
    recent: Array.isArray(value.recent)
      ? value.recent
          .slice(0, MAX_RECENT)
          .map(pickRecentCall)
          .filter((c): c is RecentCall => c !== undefined)
      : [],
  };
  const notebook = pickNotebook(value.notebook);
  if (notebook) snapshot.notebook = notebook;
  const project = pickProject(value.project);
  if (project !== undefined) snapshot.project = project;
  if (isCount(value.budgetRefused)) snapshot.budgetRefused = value.budgetRefused;
  if (Array.isArray(value.simulated)) snapshot.simulated = value.simulated.filter(isText).slice(0, MAX_KEYS);
  if (value.mode === "interactive" || value.mode === "batch") snapshot.mode = value.mode;
  if (Array.isArray(value.batches))
    snapshot.batches = value.batches
      .slice(0, MAX_BATCHES)
      .map(pickBatch)
      .filter((b): b is BatchProgress => b !== undefined);
  return snapshot;
}
