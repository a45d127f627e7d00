import { budgetGauge } from "./budget-gauge.js";
import { formatCount } from "./format-count.js";
import { formatPercent } from "./format-percent.js";
import type { BudgetView } from "./sidebar-view.js";
import type { SidebarInput } from "./view-context.js";

const FIX =
  "The results so far are kept. To run the rest, raise budget.capUsd in discernus.config.json (or pass session({ budgetUsd })) and run the cell again: calls already paid are answered from the ledger at no cost.";

/** The budget bar: the session budget's spend against its cap, from the kernel or the ledger. */
export function budgetView(input: SidebarInput): BudgetView {
  const { live, money, settings } = input;
  let spent = 0;
  let reserved = 0;
  let cap: number | null = null;
  let refused = 0;
  let scope: string;
  if (live) {
    scope = "this run";
    if (live.capNanoUsd !== null) {
      spent = live.spentNanoUsd;
      reserved = live.reservedNanoUsd;
      cap = live.capNanoUsd;
    }
    // Older kernels do not send budgetRefused; their refusals are failures with this code.
    refused = live.budgetRefused ?? live.failures.budget_exceeded ?? 0;
  } else {
    scope = "the last session";
    const session = input.ledger?.status === "loaded" ? input.ledger.history?.lastSession : undefined;
    if (session) {
      spent = session.spentNanoUsd;
      cap = session.capNanoUsd;
      refused = session.refused;
    }
  }
  const gauge = budgetGauge({
    spentNanoUsd: spent,
    reservedNanoUsd: reserved,
    capNanoUsd: cap,
    refused,
    warnAt: settings.warnAtFraction,
  });
  const percent = Math.round(gauge.fraction * 1000) / 10;
  const text =
    cap === null
      ? `${money.format(spent)} spent · no budget cap (set budget.capUsd in discernus.config.json to have one)`
      : `${money.format(spent)} of ${money.format(cap)} (${formatPercent(gauge.fraction)})`;
  let warning = "";
  if (gauge.level === "warn")
    warning = `Spend is at ${formatPercent(gauge.fraction)} of the cap (the warning starts at ${formatPercent(settings.warnAtFraction)}).`;
  else if (gauge.level === "full") warning = "The cap is reached: further calls will be refused.";
  const stopped =
    gauge.level === "stopped"
      ? `The budget cap${cap === null ? "" : ` of ${money.format(cap)}`} stopped ${scope}: ${formatCount(refused, settings.locale)} ${refused === 1 ? "call was" : "calls were"} refused. ${FIX}`
      : "";
  return {
    level: gauge.level,
    percent,
    committedPercent: Math.round(gauge.committedFraction * 1000) / 10,
    spentNanoUsd: spent,
    capNanoUsd: cap,
    text,
    warning,
    stopped,
  };
}
