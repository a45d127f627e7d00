import { isRated, type RatingMatrix } from "./rating-matrix.js";

/** Krippendorff's coincidence matrix over the distinct values found in pairable units. */
export interface CoincidenceMatrix {
  /** Distinct pairable values, ascending. Index i of `counts` and `marginals` refers to `values[i]`. */
  readonly values: readonly number[];
  /** o_ck: coincidences of value c with value k, symmetric. */
  readonly counts: readonly (readonly number[])[];
  /** n_c = sum over k of o_ck: how often value c was paired. */
  readonly marginals: readonly number[];
  /** n: total pairable values (the sum of the marginals). */
  readonly pairableValues: number;
  /** Units with at least 2 ratings; only they are pairable. */
  readonly pairableUnits: number;
  /** Units dropped for having fewer than 2 ratings. */
  readonly droppedUnits: number;
}

/**
 * Builds the coincidence matrix of Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability", section C: each unit u with m_u >= 2 values contributes every ordered
 * pair of its values (from different coders) with weight 1/(m_u - 1), so each pairable value
 * counts once in the marginals. Units with fewer than 2 values cannot be paired and are dropped.
 * Assumes a validated matrix. For inspection and reporting: it is V x V in the number of
 * distinct values, which `krippendorffAlpha` avoids by summing the same coincidences unit by unit.
 */
export function coincidenceMatrix(matrix: RatingMatrix): CoincidenceMatrix {
  const units: number[][] = [];
  for (const row of matrix) {
    const rated = row.filter(isRated);
    if (rated.length >= 2) units.push(rated);
  }
  const values = [...new Set(units.flat())].sort((a, b) => a - b);
  const indexOf = new Map(values.map((v, i) => [v, i]));
  const counts = values.map(() => values.map(() => 0));
  for (const unit of units) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      const c = indexOf.get(unit[i]!)!;
      const countRow = counts[c]!;
      for (let j = 0; j < unit.length; j++) {
        if (i === j) continue;
        const k = indexOf.get(unit[j]!)!;
        countRow[k] = countRow[k]! + weight;
      }
    }
  }
  const marginals = counts.map((row) => row.reduce((sum, x) => sum + x, 0));
  return {
    values,
    counts,
    marginals,
    // Each pairable value appears once in the marginals, so n is the count of pairable values.
    pairableValues: units.reduce((sum, unit) => sum + unit.length, 0),
    pairableUnits: units.length,
    droppedUnits: matrix.length - units.length,
  };
}
