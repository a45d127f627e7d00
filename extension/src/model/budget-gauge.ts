/** "none": no cap; "ok"; "warn": at or past the warning threshold; "full": spent reached the cap; "stopped": the cap refused calls. */
export type BudgetLevel = "none" | "ok" | "warn" | "full" | "stopped";

export interface BudgetInput {
  spentNanoUsd: number;
  reservedNanoUsd: number;
  capNanoUsd: number | null;
  /** Calls the budget refused. */
  refused: number;
  /** Fraction of the cap at which the bar warns (settings; default 0.8). */
  warnAt: number;
}

export interface BudgetGauge {
  capNanoUsd: number | null;
  spentNanoUsd: number;
  reservedNanoUsd: number;
  /** spent / cap, clamped to [0, 1]; 0 without a cap. */
  fraction: number;
  /** (spent + reserved) / cap, clamped: what calls in flight may still take. */
  committedFraction: number;
  level: BudgetLevel;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The budget bar: how full, and whether to warn or to say the cap stopped work. */
export function budgetGauge(input: BudgetInput): BudgetGauge {
  const { spentNanoUsd, reservedNanoUsd, capNanoUsd, refused, warnAt } = input;
  const base = { capNanoUsd, spentNanoUsd, reservedNanoUsd };
  if (capNanoUsd === null) {
    return { ...base, fraction: 0, committedFraction: 0, level: refused > 0 ? "stopped" : "none" };
  }
  // A zero cap refuses everything: it is full from the start.
  const fraction = capNanoUsd === 0 ? 1 : clamp01(spentNanoUsd / capNanoUsd);
  const committedFraction = capNanoUsd === 0 ? 1 : clamp01((spentNanoUsd + reservedNanoUsd) / capNanoUsd);
  let level: BudgetLevel = "ok";
  if (refused > 0) level = "stopped";
  else if (spentNanoUsd >= capNanoUsd) level = "full";
  else if (fraction >= clamp01(warnAt)) level = "warn";
  return { ...base, fraction, committedFraction, level };
}
