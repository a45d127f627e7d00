import { formatCompactCount, formatCount } from "./format-count.js";
import { ledgerStatusText } from "./ledger-status-text.js";
import type { LedgerView, RunRowView } from "./sidebar-view.js";
import type { SidebarInput } from "./view-context.js";

/** Runs listed in the panel; older ones stay in the ledger and `discernus report`. */
const MAX_RUNS_SHOWN = 50;

const dateTimes = new Map<string, Intl.DateTimeFormat>();
function dateTime(iso: string | undefined, locale: string): string {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  if (!Number.isFinite(at)) return "";
  let format = dateTimes.get(locale);
  if (!format)
    dateTimes.set(
      locale,
      (format = new Intl.DateTimeFormat(locale || undefined, { dateStyle: "medium", timeStyle: "short" })),
    );
  return format.format(at);
}

/** The ledger section: its verdict, the runs it holds and its totals. */
export function ledgerView(input: SidebarInput): LedgerView {
  const { ledger, money, settings, live } = input;
  const locale = settings.locale;
  const count = (n: number) => formatCount(n, locale);
  const state = ledger ?? { path: input.ledgerPath, status: "unknown" as const };
  const status = ledgerStatusText(state);
  const history = state.status === "loaded" ? state.history : undefined;
  const runs: RunRowView[] = [];
  if (live && !history?.runs.some((r) => r.run === live.run)) {
    runs.push({
      run: live.run,
      state: "live",
      title: `${live.label || "Run"} (running now)`,
      detail: `${count(live.done + live.failed)} / ${count(live.total)} items · ${money.format(
        Object.values(live.models).reduce((s, m) => s + m.spentNanoUsd, 0),
      )}`,
    });
  }
  for (const run of history?.runs.slice(0, MAX_RUNS_SHOWN) ?? []) {
    const row = history?.totals.byRun[run.run];
    const parts = [dateTime(run.startedAt, locale)];
    if (run.items !== undefined) parts.push(`${count(run.items)} texts × ${count(run.models.length)} models`);
    parts.push(`${count(row?.calls ?? 0)} calls`);
    if (row && row.cacheHits > 0) parts.push(`${count(row.cacheHits)} from the ledger`);
    if (row && row.failed > 0) parts.push(`${count(row.failed)} failed`);
    parts.push(money.format(row?.costNanoUsd ?? 0));
    if (run.state === "incomplete") parts.push("did not finish");
    runs.push({
      run: run.run,
      state: run.state,
      title: `${run.drift ? `Drift check ${run.run.slice(0, 8)} of run ${run.drift.of.slice(0, 8)}` : `Run ${run.run.slice(0, 8)}`}${run.models.length > 0 ? ` · ${run.models.join(", ")}` : ""}`,
      detail: parts.filter((p) => p !== "").join(" · "),
    });
  }
  const totals: string[] = [];
  if (history) {
    const all = history.totals.all;
    totals.push(
      `All: ${count(all.calls)} calls · ${count(all.cacheHits)} from the ledger · ${count(all.failed)} failed · ${count(all.retries)} retries · ${count(all.fallbacks)} fallbacks · ${money.format(all.costNanoUsd)}`,
    );
    const u = all.usage;
    totals.push(
      `Tokens: ${formatCompactCount(u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens, locale)} in (${formatCompactCount(u.cachedInputTokens, locale)} cached) · ${formatCompactCount(u.outputTokens + u.reasoningTokens, locale)} out`,
    );
    const budget = history.totals.budget;
    totals.push(
      `Budget: ${budget.capNanoUsd === null ? "no cap" : `cap ${money.format(budget.capNanoUsd)}`} · ${count(budget.refused)} calls refused · ${count(history.totals.sessions)} sessions`,
    );
    if (history.skipped > 0)
      totals.push(
        `${count(history.skipped)} records past the verification failure are left out of these totals.`,
      );
  }
  return {
    path: state.path,
    status: status.level,
    statusText: status.text,
    notice: state.notice,
    runs,
    totals,
    canEmbed: state.status === "loaded" && state.origin === "file",
  };
}
