import { differenceFunction, ordinalPositions } from "./difference-function.js";
import { isRated, type MeasurementLevel, type RatingMatrix } from "./rating-matrix.js";
import { validateRatingMatrix } from "./validate-rating-matrix.js";

export interface KrippendorffAlpha {
  /**
   * Alpha = 1 - D_o/D_e. `undefined` when it is undefined: fewer than 2 pairable values, or no
   * variation among the pairable values (D_e = 0, alpha is 0/0).
   */
  readonly alpha: number | undefined;
  readonly level: MeasurementLevel;
  /** D_o, observed disagreement: sum of o_ck delta^2_ck over n. */
  readonly observedDisagreement: number | undefined;
  /** D_e, expected disagreement: sum of n_c n_k delta^2_ck over n(n - 1). */
  readonly expectedDisagreement: number | undefined;
  /** n, the number of pairable values. */
  readonly pairableValues: number;
  readonly pairableUnits: number;
  /** Units with fewer than 2 ratings: not pairable, dropped as Krippendorff specifies. */
  readonly droppedUnits: number;
}

/**
 * Krippendorff's alpha for a units x coders matrix with missing ratings allowed, in the
 * coincidence-matrix formulation of Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability", sections C-E:
 *   alpha = 1 - (n - 1) * sum_ck o_ck delta^2_ck / sum_ck n_c n_k delta^2_ck.
 * The coincidences o_ck are summed unit by unit (each ordered pair of a unit's values weighs
 * 1/(m_u - 1)) rather than stored, so many distinct values cost no V x V matrix; and since
 * each pairable value counts once, n_c is how often c occurs among the pairable values.
 * `coincidenceMatrix` builds the matrix itself for inspection.
 */
export function krippendorffAlpha(matrix: RatingMatrix, level: MeasurementLevel): KrippendorffAlpha {
  validateRatingMatrix(matrix, level);
  const units: number[][] = [];
  const frequency = new Map<number, number>();
  for (const row of matrix) {
    const rated = row.filter(isRated);
    if (rated.length < 2) continue;
    units.push(rated);
    for (const value of rated) frequency.set(value, (frequency.get(value) ?? 0) + 1);
  }
  const n = units.reduce((sum, unit) => sum + unit.length, 0);
  const base = {
    level,
    pairableValues: n,
    pairableUnits: units.length,
    droppedUnits: matrix.length - units.length,
  };
  if (n < 2) {
    return { ...base, alpha: undefined, observedDisagreement: undefined, expectedDisagreement: undefined };
  }
  const values = [...frequency.keys()].sort((a, b) => a - b);
  const marginals = values.map((value) => frequency.get(value)!);
  const delta = differenceFunction(level, values, marginals);

  let observed = 0;
  for (const unit of units) {
    let unitSum = 0;
    for (let i = 0; i < unit.length; i++) {
      for (let j = i + 1; j < unit.length; j++) unitSum += delta(unit[i]!, unit[j]!);
    }
    // Unordered pairs counted once, so twice the sum covers both orders (c, k) and (k, c).
    observed += (2 * unitSum) / (unit.length - 1);
  }
  const observedDisagreement = observed / n;
  const expectedDisagreement = expectedSum(level, values, marginals, n) / (n * (n - 1));
  return {
    ...base,
    alpha: expectedDisagreement > 0 ? 1 - observedDisagreement / expectedDisagreement : undefined,
    observedDisagreement,
    expectedDisagreement,
  };
}

/** sum_c sum_k n_c n_k delta^2_ck, in O(V) where a closed form exists. */
function expectedSum(level: MeasurementLevel, values: number[], marginals: number[], n: number): number {
  switch (level) {
    case "nominal":
      // Every pair of different values counts 1: n^2 minus the pairs of equal values.
      return n * n - marginals.reduce((sum, m) => sum + m * m, 0);
    case "interval":
      return squaredDistanceSum(values, marginals, n);
    case "ordinal": {
      const position = ordinalPositions(values, marginals);
      return squaredDistanceSum(
        values.map((v) => position.get(v)!),
        marginals,
        n,
      );
    }
    case "ratio": {
      // No closed form: O(V^2) over the distinct values.
      const delta = differenceFunction("ratio", values, marginals);
      let sum = 0;
      for (let c = 0; c < values.length; c++) {
        for (let k = c + 1; k < values.length; k++)
          sum += 2 * marginals[c]! * marginals[k]! * delta(values[c]!, values[k]!);
      }
      return sum;
    }
  }
}

/** sum_c sum_k n_c n_k (x_c - x_k)^2 = 2 n sum_c n_c (x_c - mean)^2, centred to keep precision. */
function squaredDistanceSum(xs: readonly number[], weights: readonly number[], n: number): number {
  const mean = xs.reduce((sum, x, i) => sum + weights[i]! * x, 0) / n;
  return 2 * n * xs.reduce((sum, x, i) => sum + weights[i]! * (x - mean) ** 2, 0);
}
