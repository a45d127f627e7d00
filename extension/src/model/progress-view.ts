import { failureReason } from "./failure-reason.js";
import { formatCount } from "./format-count.js";
import { formatDuration } from "./format-duration.js";
import { formatPercent } from "./format-percent.js";
import type { ProgressView } from "./sidebar-view.js";
import type { SidebarInput } from "./view-context.js";

const IDLE: ProgressView = {
  state: "idle",
  done: 0,
  failed: 0,
  total: 0,
  percent: 0,
  label: "No run yet",
  text: "No analyze() run in this notebook yet.",
  details: [],
  failures: [],
};

/** Progress of the running analyze(), or how the ledger's last run ended. */
export function progressView(input: SidebarInput): ProgressView {
  const { live, settings } = input;
  const locale = settings.locale;
  const count = (n: number) => formatCount(n, locale);
  if (live) {
    const finished = live.done + live.failed;
    const fraction = live.total === 0 ? 1 : finished / live.total;
    const details: string[] = [];
    if (live.cached > 0) details.push(`${count(live.cached)} answered from the ledger (no cost)`);
    if (live.retries > 0) details.push(`${count(live.retries)} retries`);
    if (live.fallbacks > 0) details.push(`${count(live.fallbacks)} fallbacks to another model`);
    if (live.failed > 0) details.push(`${count(live.failed)} failed`);
    const failures = Object.entries(live.failures)
      .filter(([, n]) => n > 0)
      .sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b))
      .map(([code, n]) => ({ code, count: n, reason: failureReason(code) }));
    const state = live.state === "running" ? "running" : live.state;
    return {
      state,
      done: finished,
      failed: live.failed,
      total: live.total,
      percent: Math.round(Math.min(1, fraction) * 1000) / 10,
      label: live.label || "analyze()",
      text: `${count(finished)} / ${count(live.total)} · ${formatPercent(fraction)} · ${formatDuration(live.elapsedMs)}${state === "running" ? "" : ` · ${state}`}`,
      details,
      failures,
    };
  }
  const history = input.ledger?.status === "loaded" ? input.ledger.history : undefined;
  const run = history?.runs[0];
  if (!history || !run) return IDLE;
  const row = history.totals.byRun[run.run];
  const finished = (row?.calls ?? 0) + (row?.cacheHits ?? 0);
  const failed = row?.failed ?? 0;
  const details: string[] = [];
  if (row && row.cacheHits > 0) details.push(`${count(row.cacheHits)} answered from the ledger (no cost)`);
  if (row && row.retries > 0) details.push(`${count(row.retries)} retries`);
  if (row && row.fallbacks > 0) details.push(`${count(row.fallbacks)} fallbacks to another model`);
  if (failed > 0) details.push(`${count(failed)} failed`);
  if (run.unscored > 0) details.push(`${count(run.unscored)} items without a score`);
  const complete = run.state === "complete";
  return {
    state: run.state,
    done: finished,
    failed,
    total: finished,
    percent: complete ? 100 : 0,
    label: "Last run in the ledger",
    text: `${count(finished)} calls · ${complete ? "complete" : "did not finish (the kernel stopped mid-run)"}`,
    details,
    failures: [],
  };
}
