import { batchesView } from "./batches-view.js";
import { baseName } from "./path-names.js";
import { budgetView } from "./budget-view.js";
import { formatCount } from "./format-count.js";
import { ledgerView } from "./ledger-view.js";
import { limitsView } from "./limits-view.js";
import { progressView } from "./progress-view.js";
import { recentCallsView } from "./recent-calls-view.js";
import type { SidebarView } from "./sidebar-view.js";
import { spendView } from "./spend-view.js";
import { verifyBadge } from "./verify-badge.js";
import type { SidebarInput } from "./view-context.js";

function subtitle(input: SidebarInput): string {
  const { live, ledger } = input;
  if (live) {
    const state = live.state === "running" ? "running" : live.state === "done" ? "finished" : "failed";
    return `Live from the kernel: run “${live.label || live.run.slice(0, 8)}” ${state}.`;
  }
  if (ledger?.status === "loaded" && ledger.history) {
    const from = ledger.origin === "embedded" ? "the copy embedded in the notebook" : baseName(ledger.path);
    return `From the ledger (${from}, ${formatCount(ledger.history.records, input.settings.locale)} records): no kernel is reporting.`;
  }
  return "No kernel is reporting; the ledger is read when there is one.";
}

/** The whole sidebar as plain data (see SidebarView); pure, so it is tested without a browser. */
export function sidebarView(input: SidebarInput): SidebarView {
  const recent = recentCallsView(input);
  return {
    source: input.live ? "live" : "ledger",
    empty:
      input.notebookPath === undefined
        ? "Open a notebook to see its spend, budget, rate limits and ledger here."
        : undefined,
    notebookPath: input.notebookPath ?? "",
    ledgerPath: input.ledgerPath,
    subtitle: subtitle(input),
    verify: verifyBadge(input.ledger ?? { path: input.ledgerPath, status: "unknown" }),
    spend: spendView(input),
    budget: budgetView(input),
    limits: limitsView(input),
    progress: progressView(input),
    batches: batchesView(input),
    recent,
    recentNote:
      recent.length === 0
        ? "No calls yet."
        : `The latest ${formatCount(recent.length, input.settings.locale)}, newest first: select one to see its ledger record.`,
    ledger: ledgerView(input),
  };
}
