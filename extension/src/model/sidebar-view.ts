import type { BudgetLevel } from "./budget-gauge.js";
import type { LedgerStatusLevel } from "./ledger-status-text.js";
import type { LimitLevel } from "./rate-limit-gauges.js";
import type { BatchState } from "./telemetry-snapshot.js";
import type { VerifyBadge } from "./verify-badge.js";

/**
 * Everything the sidebar shows, as plain data: built by `sidebarView` (pure, tested) and drawn by
 * the widgets, which only copy these strings and numbers into DOM nodes.
 */
export interface SidebarView {
  /** Where spend and progress come from: the running kernel, or the ledger file. */
  source: "live" | "ledger";
  /** Set when there is no notebook to show: the message to show instead. */
  empty: string | undefined;
  notebookPath: string;
  ledgerPath: string;
  /** One line under the heading: what the panel is showing and as of when. */
  subtitle: string;
  /** The ledger's verification state, at the top of the panel. */
  verify: VerifyBadge;
  spend: SpendView;
  budget: BudgetView;
  limits: LimitsView;
  progress: ProgressView;
  batches: BatchesView;
  recent: RecentCallView[];
  recentNote: string;
  ledger: LedgerView;
}

export interface MoneyView {
  /** The raw figure (integer nano-USD), or null when not known. */
  nanoUsd: number | null;
  text: string;
  /** Where the figure comes from (a tooltip). */
  title: string;
}

export interface SpendLineView {
  key: string;
  nanoUsd: number;
  costText: string;
  detail: string;
}

export interface SpendView {
  run: MoneyView;
  notebook: MoneyView;
  project: MoneyView;
  byModel: SpendLineView[];
  byProvider: SpendLineView[];
}

export interface BudgetView {
  level: BudgetLevel;
  /** spent / cap in percent, 0-100 (aria-valuenow). */
  percent: number;
  committedPercent: number;
  spentNanoUsd: number;
  capNanoUsd: number | null;
  /** e.g. "$1.20 of $5.00 (24%)" (aria-valuetext and the label beside the bar). */
  text: string;
  /** A warning near the cap, or "". */
  warning: string;
  /** Said plainly, in a live region, when the cap refused calls; "" otherwise. */
  stopped: string;
}

export interface LimitWindowView {
  kind: string;
  label: string;
  used: number;
  limit: number;
  remaining: number;
  percent: number;
  level: LimitLevel;
  /** Time left until the window is replenished (0 once passed): the panel ticks while it counts down. */
  resetInMs: number;
  /** "120 / 500 used · 380 left · resets in 12 s". */
  text: string;
  ariaLabel: string;
}

export interface ModelLimitView {
  model: string;
  provider: string;
  requestsRemaining: number | undefined;
  requestsLimit: number | undefined;
  tokensRemaining: number | undefined;
  tokensLimit: number | undefined;
  /** Epoch ms; undefined without a cool-down. */
  cooldownUntil: number | undefined;
  /** "Cooling down after a 429: 4.2 s left", or "". */
  cooldownText: string;
  windows: LimitWindowView[];
  simulated: boolean;
}

export interface LimitsView {
  models: ModelLimitView[];
  inFlight: number;
  queued: number;
  /** "3 in flight · 12 queued · 4 rate-limit waits (2.1 s)". */
  queueText: string;
  /** Shown when there is nothing live to show. */
  note: string;
}

export interface FailureView {
  code: string;
  count: number;
  reason: string;
}

export interface ProgressView {
  /** running, done, failed (live); complete, incomplete (last run in the ledger); idle (none). */
  state: "running" | "done" | "failed" | "complete" | "incomplete" | "idle";
  /** Items finished (answered, from the ledger, or failed). */
  done: number;
  failed: number;
  total: number;
  percent: number;
  label: string;
  /** "120 / 400 · 30% · 12.4 s". */
  text: string;
  details: string[];
  failures: FailureView[];
}

export interface BatchView {
  batchId: string;
  provider: string;
  /** "openai/gpt-4o-mini", or the provider alone when the batch mixes models. */
  title: string;
  state: BatchState;
  /** "in progress", "ended, collecting results", "collected", "expired"... */
  stateText: string;
  /** Submitted and not collected yet. */
  inFlight: boolean;
  items: number;
  /** Items the provider has finished (succeeded, errored, expired or cancelled). */
  done: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
  processing: number;
  percent: number;
  /** "120 / 400 · 30%". */
  progressText: string;
  /** Until the provider's completion window closes (0 once passed); undefined when not known or not in flight. */
  expiresInMs: number | undefined;
  /** "expires in 23 h 10 min", "past the provider's expiry", or "". */
  expiryText: string;
  costNanoUsd: number;
  /** "$0.42 so far" while in flight, "$0.84" once collected. */
  costText: string;
  /** Picked up from the ledger rather than submitted by this run. */
  resumed: boolean;
  /** Why the provider refused it, or "". */
  error: string;
  /** The whole row in words, for screen readers. */
  label: string;
}

export interface BatchesView {
  /** In flight first (oldest first), then the latest finished ones (newest first). */
  items: BatchView[];
  /** "2 in flight · 3 collected", or "" when there are none. */
  summary: string;
}

export interface RecentCallView {
  callId: string;
  model: string;
  status: string;
  statusLevel: "ok" | "cached" | "failed";
  tokensText: string;
  costText: string;
  costNanoUsd: number;
  latencyText: string;
  atText: string;
  excerpt: string | undefined;
  /** The whole row in words, for screen readers. */
  label: string;
}

export interface RunRowView {
  run: string;
  state: "complete" | "incomplete" | "live";
  title: string;
  detail: string;
}

export interface LedgerView {
  path: string;
  status: LedgerStatusLevel;
  statusText: string;
  notice: { level: "info" | "error"; text: string } | undefined;
  runs: RunRowView[];
  totals: string[];
  canEmbed: boolean;
}
