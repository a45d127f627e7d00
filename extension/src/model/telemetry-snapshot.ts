/**
 * The telemetry the kernel sends, as this extension reads it. Source of truth:
 * kernel-helpers/src/telemetry/telemetry-snapshot.ts (`TelemetrySnapshot`). This is a structural
 * copy of the fields the sidebar uses, kept here because @discernus/kernel-helpers pulls Node code
 * that must not reach the browser bundle. Every snapshot is checked by `parseSnapshot` before it
 * is used; fields marked optional are absent from older kernels.
 */

/** The MIME type kernel-helpers sends snapshots under (display_data and update_display_data). */
export const TELEMETRY_MIME = "application/vnd.discernus.telemetry.v1+json";

/** One rate-limit window as the provider last reported it (gateway `LimitWindow`). */
export interface LimitWindow {
  limit: number;
  remaining: number;
  /** Milliseconds from `observedAt` until the window is fully replenished. */
  resetMs: number;
}

/** Rate-limit headroom of one model (gateway `RateLimitSnapshot`). */
export interface LimitState {
  /** Epoch ms (kernel clock) when the headers were read. */
  observedAt: number;
  requests?: LimitWindow;
  tokens?: LimitWindow;
  inputTokens?: LimitWindow;
  outputTokens?: LimitWindow;
}

export interface ModelProgress {
  done: number;
  cached: number;
  failed: number;
  spentNanoUsd: number;
}

/** One finished call. `callId` is the `call` field of its ledger record. */
export interface RecentCall {
  callId: string;
  model: string;
  /** "ok", "cached", or the error code it failed with. */
  status: string;
  inputTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  latencyMs: number;
  /** Epoch ms. */
  at: number;
  /** The start of the model's answer, when the kernel sends it: shown as text, never as HTML. */
  excerpt?: string;
}

/** Spend of the notebook's whole ledger, this run included. */
export interface NotebookSpend {
  path: string;
  ledger: string;
  spentNanoUsd: number;
}

/** Spend of every ledger under the project folder. */
export interface ProjectSpend {
  spentNanoUsd: number;
  ledgers: number;
}

export type RunState = "running" | "done" | "failed";

/** Where a provider batch stands: the provider's state, or "collected" once every item is in the ledger. */
export type BatchState =
  "validating" | "in_progress" | "finalizing" | "ended" | "expired" | "cancelled" | "failed" | "collected";

/** One provider batch of a batch-mode run (kernel-helpers `BatchProgress`). */
export interface BatchProgress {
  batchId: string;
  provider: string;
  /** OpenAI runs one model per batch; an Anthropic batch mixes models (undefined). */
  model?: string;
  state: BatchState;
  items: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
  processing: number;
  /** Epoch ms. */
  submittedAt: number;
  /** Epoch ms when the provider's completion window closes. */
  expiresAt?: number;
  /** Picked up from the ledger (submitted by an earlier run or kernel), not submitted by this run. */
  resumed: boolean;
  /** What the collected items cost, with the batch discount. */
  costNanoUsd: number;
}

/** One picture of an analyze() run. Money is integer nano-USD (1e-9 USD). */
export interface TelemetrySnapshot {
  v: 1;
  run: string;
  label: string;
  state: RunState;
  total: number;
  done: number;
  cached: number;
  failed: number;
  retries: number;
  fallbacks: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  /** What the budget has counted as spent in this session. */
  spentNanoUsd: number;
  reservedNanoUsd: number;
  capNanoUsd: number | null;
  models: Record<string, ModelProgress>;
  limits: Record<string, LimitState>;
  /** Per model: until when (epoch ms, kernel clock) a 429 told it to wait. */
  cooldowns: Record<string, number>;
  inFlight: number;
  queued: number;
  /** Failures by error code. */
  failures: Record<string, number>;
  /** The latest finished calls, newest first. */
  recent: RecentCall[];
  elapsedMs: number;
  notebook?: NotebookSpend;
  project?: ProjectSpend | null;
  /** Calls the budget refused in this run: more than 0 means the cap stopped work. */
  budgetRefused?: number;
  /** Models answered by the local simulator (provider-sim), not a real provider. */
  simulated?: string[];
  /** "batch" when analyze() ran with { mode: "batch" }. */
  mode?: "interactive" | "batch";
  /** The run's provider batches (batch mode), oldest first. */
  batches?: BatchProgress[];
}
