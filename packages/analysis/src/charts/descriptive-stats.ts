/**
 * Summary statistics for the charts. Inputs are sorted before summing so that a result does not
 * depend on the order of the rows (floating-point addition is not associative).
 */

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Arithmetic mean of ascending-sorted values; `null` for none. */
export function meanOfSorted(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  let sum = 0;
  for (const value of sorted) sum += value;
  return sum / sorted.length;
}

/** Sample standard deviation (n - 1 denominator, as vega's `stdev`); `null` below two values. */
export function sampleSdOfSorted(sorted: readonly number[]): number | null {
  const mean = meanOfSorted(sorted);
  if (mean === null || sorted.length < 2) return null;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (sorted.length - 1));
}

/**
 * The p-quantile of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7, as d3-array's `quantileSorted` and vega's `quantile` aggregate), so the
 * precomputed boxes match what vega-lite's own boxplot would draw.
 */
export function quantileOfSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const below = Math.floor(h);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, n - 1)] as number;
  return low + (h - below) * (high - low);
}
