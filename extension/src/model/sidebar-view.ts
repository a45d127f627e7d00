import type { BudgetLevel } from "./budget-gauge.js";
import type { LedgerStatusLevel } from "./ledger-status-text.js";
import type { LimitLevel } from "./rate-limit-gauges.js";

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
  spend: SpendView;
  budget: BudgetView;
  limits: LimitsView;
  progress: ProgressView;
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
