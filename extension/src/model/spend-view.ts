import type { SpendRow } from "@discernus/provenance/browser";
import { formatCompactCount, formatCount } from "./format-count.js";
import type { MoneyView, SpendLineView, SpendView } from "./sidebar-view.js";
import type { ModelProgress } from "./telemetry-snapshot.js";
import type { SidebarInput } from "./view-context.js";

function money(input: SidebarInput, nanoUsd: number | null | undefined, title: string): MoneyView {
  const known = nanoUsd === undefined || nanoUsd === null ? null : nanoUsd;
  return { nanoUsd: known, text: input.money.format(known), title };
}

function ledgerLines(input: SidebarInput, rows: Record<string, SpendRow>): SpendLineView[] {
  const locale = input.settings.locale;
  return Object.entries(rows)
    .sort(([a, ra], [b, rb]) => rb.costNanoUsd - ra.costNanoUsd || a.localeCompare(b))
    .map(([key, row]) => {
      const tokensIn = row.usage.inputTokens + row.usage.cachedInputTokens + row.usage.cacheWriteTokens;
      const tokensOut = row.usage.outputTokens + row.usage.reasoningTokens;
      const parts = [`${formatCount(row.calls, locale)} calls`];
      if (row.cacheHits > 0) parts.push(`${formatCount(row.cacheHits, locale)} from the ledger`);
      if (row.failed > 0) parts.push(`${formatCount(row.failed, locale)} failed`);
      parts.push(
        `${formatCompactCount(tokensIn, locale)} in / ${formatCompactCount(tokensOut, locale)} out tokens`,
      );
      return {
        key,
        nanoUsd: row.costNanoUsd,
        costText: input.money.format(row.costNanoUsd),
        detail: parts.join(" · "),
      };
    });
}

function liveLine(input: SidebarInput, key: string, m: ModelProgress): SpendLineView {
  const locale = input.settings.locale;
  const parts = [`${formatCount(m.done, locale)} answered`];
  if (m.cached > 0) parts.push(`${formatCount(m.cached, locale)} from the ledger`);
  if (m.failed > 0) parts.push(`${formatCount(m.failed, locale)} failed`);
  return {
    key,
    nanoUsd: m.spentNanoUsd,
    costText: input.money.format(m.spentNanoUsd),
    detail: parts.join(" · "),
  };
}

const providerOf = (model: string) => (model.includes("/") ? model.slice(0, model.indexOf("/")) : model);

/** Spend of this run, this notebook and the project, and this run's (or the ledger's) split by model and provider. */
export function spendView(input: SidebarInput): SpendView {
  const { live, ledger } = input;
  const history = ledger?.status === "loaded" ? ledger.history : undefined;
  const ledgerAll = history?.totals.all.costNanoUsd;
  const project = live?.project ?? input.project;
  const projectView = money(
    input,
    project?.spentNanoUsd,
    project
      ? `Spent across ${project.ledgers} ledgers under the project folder, as the kernel last reported it`
      : "Known once a running kernel reports it",
  );
  if (live) {
    const models = Object.entries(live.models).sort(
      ([a, ma], [b, mb]) => mb.spentNanoUsd - ma.spentNanoUsd || a.localeCompare(b),
    );
    const runNanoUsd = models.reduce((sum, [, m]) => sum + m.spentNanoUsd, 0);
    const byProvider = new Map<string, ModelProgress>();
    for (const [model, m] of models) {
      const p = byProvider.get(providerOf(model)) ?? { done: 0, cached: 0, failed: 0, spentNanoUsd: 0 };
      byProvider.set(providerOf(model), {
        done: p.done + m.done,
        cached: p.cached + m.cached,
        failed: p.failed + m.failed,
        spentNanoUsd: p.spentNanoUsd + m.spentNanoUsd,
      });
    }
    return {
      run: money(input, runNanoUsd, `Spent by run “${live.label}” so far (from the kernel)`),
      notebook: live.notebook
        ? money(
            input,
            live.notebook.spentNanoUsd,
            "Spent by every call in this notebook's ledger, this run included",
          )
        : money(
            input,
            ledgerAll,
            "From the ledger as last read (this kernel does not report the notebook's spend)",
          ),
      project: projectView,
      byModel: models.map(([key, m]) => liveLine(input, key, m)),
      byProvider: [...byProvider.entries()]
        .sort(([a, pa], [b, pb]) => pb.spentNanoUsd - pa.spentNanoUsd || a.localeCompare(b))
        .map(([key, m]) => liveLine(input, key, m)),
    };
  }
  const lastRun = history?.runs[0];
  const lastRunRow = lastRun ? history?.totals.byRun[lastRun.run] : undefined;
  return {
    run: money(
      input,
      lastRun ? (lastRunRow?.costNanoUsd ?? 0) : null,
      lastRun ? "Spent by the last run in the ledger" : "No run in the ledger yet",
    ),
    notebook: money(input, ledgerAll, "Spent by every call in this notebook's ledger"),
    project: projectView,
    byModel: history ? ledgerLines(input, history.totals.byModel) : [],
    byProvider: history ? ledgerLines(input, history.totals.byProvider) : [],
  };
}
