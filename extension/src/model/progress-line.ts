import { formatDuration } from "./format-duration.js";
import type { MoneyFormatter } from "./money-formatter.js";
import type { TelemetrySnapshot } from "./telemetry-snapshot.js";

export interface ProgressLine {
  /** Items finished (answered, from the ledger, or failed). */
  finished: number;
  total: number;
  /** 0-100. */
  percent: number;
  /** The compact line under the cell: "affect: 120/400 · $0.12 spent of $5.00 · 3 retries · 12.4 s". */
  text: string;
}

/**
 * The one-line progress of a run, as the cell shows it (the same facts as kernel-helpers'
 * `progressText`, in the extension's money format).
 */
export function progressLine(s: TelemetrySnapshot, money: MoneyFormatter): ProgressLine {
  const finished = s.done + s.failed;
  const parts = [
    `${s.label || "analyze()"}: ${finished}/${s.total}`,
    `${money.format(s.spentNanoUsd)} spent${s.capNanoUsd !== null ? ` of ${money.format(s.capNanoUsd)}` : ""}`,
  ];
  if (s.cached > 0) parts.push(`${s.cached} from the ledger`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.retries > 0) parts.push(`${s.retries} retries`);
  if (s.fallbacks > 0) parts.push(`${s.fallbacks} fallbacks`);
  if (s.rateLimitWaits > 0)
    parts.push(`${s.rateLimitWaits} rate-limit waits (${formatDuration(s.rateLimitWaitMs)})`);
  const refused = s.budgetRefused ?? s.failures.budget_exceeded ?? 0;
  if (refused > 0) parts.push(`budget cap stopped ${refused} calls`);
  parts.push(formatDuration(s.elapsedMs));
  if (s.state !== "running") parts.push(s.state);
  const percent = s.total === 0 ? 100 : Math.min(100, Math.round((finished / s.total) * 1000) / 10);
  return { finished, total: s.total, percent, text: parts.join(" · ") };
}
