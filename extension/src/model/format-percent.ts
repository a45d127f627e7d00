/**
 * A fraction as a percentage: whole percents from 10% up, one decimal below ("2.5%", "<0.1%"), and never
 * "100%" for a fraction short of 1, so a bar at 99.96% does not read as full.
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "—";
  const percent = fraction * 100;
  // A sliver of the budget is not nothing: "<0.1%", never "0.0%".
  if (percent > 0 && percent < 0.1) return "<0.1%";
  if (percent > 0 && percent < 10) return `${percent.toFixed(1)}%`;
  const whole = fraction < 1 ? Math.min(99, Math.round(percent)) : Math.round(percent);
  return `${whole}%`;
}
