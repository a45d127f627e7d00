/**
 * Scores on a short scale (0-10, -1/0/1) put hundreds of points on the same spot, which reads as
 * one point. When positions tie, the scatter spreads each point by up to `amplitude` (a fraction
 * of the scale's step) on each axis. The spread comes from each point's row number through the
 * additive recurrence of the plastic number (the R2 low-discrepancy sequence), not `random()`, so
 * a chart redraws the same every time; tooltips keep the exact scores.
 */
export interface TieJitter {
  /** The largest shift of a point on either axis, in score units. */
  readonly amplitude: number;
  /** vega-lite transforms adding `xJitter` and `yJitter` beside the exact `x` and `y`. */
  readonly transform: readonly Record<string, unknown>[];
}

// 1/ρ and 1/ρ², ρ the plastic number: successive points fill the unit square evenly.
const R2_X = 0.7548776662466927;
const R2_Y = 0.5698402909980532;
const SHARE_OF_STEP = 0.35;

export function tieJitter(points: readonly { x: number; y: number }[]): TieJitter | null {
  const positions = new Set(points.map((point) => `${point.x},${point.y}`));
  if (positions.size === points.length) return null;
  const amplitude = SHARE_OF_STEP * scaleStep(points.flatMap((point) => [point.x, point.y]));
  const spread = (field: string, r: number) => ({
    calculate: `datum.${field} + ${2 * amplitude} * ((datum.jitterIndex * ${r}) % 1 - 0.5)`,
    as: `${field}Jitter`,
  });
  return {
    amplitude,
    transform: [{ window: [{ op: "row_number", as: "jitterIndex" }] }, spread("x", R2_X), spread("y", R2_Y)],
  };
}

/** The smallest gap between distinct scores (1 when all scores are equal). */
function scaleStep(scores: readonly number[]): number {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < distinct.length; i += 1) {
    step = Math.min(step, (distinct[i] as number) - (distinct[i - 1] as number));
  }
  return Number.isFinite(step) ? step : 1;
}
