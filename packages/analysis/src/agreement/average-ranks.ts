/**
 * Ranks 1..n, ties given the mean of the ranks they span (the "average" or "fractional"
 * ranking that Spearman's rho with ties uses): [10, 20, 20, 30] ranks as [1, 2.5, 2.5, 4].
 */
export function averageRanks(values: readonly number[]): number[] {
  // A typed-array sort is numeric and native, much faster than sorting indices with a comparator.
  const sorted = Float64Array.from(values).sort();
  const rankOf = new Map<number, number>();
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[start]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1, whose mean is this.
    rankOf.set(sorted[start]!, (start + end) / 2 + 1);
    start = end + 1;
  }
  return values.map((value) => rankOf.get(value)!);
}
