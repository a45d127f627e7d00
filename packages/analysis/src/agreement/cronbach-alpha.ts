import { completeCases } from "./complete-cases.js";
import type { RatingMatrix } from "./rating-matrix.js";
import { validateRatingMatrix } from "./validate-rating-matrix.js";

export interface CronbachAlpha {
  /** `undefined` with fewer than 2 complete units or when the summed scores do not vary. */
  readonly alpha: number | undefined;
  /** Items: the coders (models), each treated as one item of a scale. */
  readonly items: number;
  readonly completeUnits: number;
  /** Units dropped because some coder did not rate them (listwise deletion). */
  readonly droppedUnits: number;
}

/**
 * Cronbach's (1951) alpha with the coders as items:
 *   alpha = k/(k - 1) * (1 - sum of item variances / variance of the unit totals).
 * It equals Shrout & Fleiss's ICC(3,k), 1 - EMS/BMS (Hoyt 1941). Complete cases only.
 */
export function cronbachAlpha(matrix: RatingMatrix): CronbachAlpha {
  const k = validateRatingMatrix(matrix);
  const { rows, droppedUnits } = completeCases(matrix);
  const base = { items: k, completeUnits: rows.length, droppedUnits };
  if (rows.length < 2) return { ...base, alpha: undefined };
  const itemVariances = Array.from({ length: k }, (_, j) => variance(rows.map((row) => row[j]!)));
  const totalVariance = variance(rows.map((row) => row.reduce((sum, x) => sum + x, 0)));
  if (!(totalVariance > 0)) return { ...base, alpha: undefined };
  const itemSum = itemVariances.reduce((sum, v) => sum + v, 0);
  return { ...base, alpha: (k / (k - 1)) * (1 - itemSum / totalVariance) };
}

/** Sample variance (n - 1); the denominator cancels in alpha, so either choice gives the same alpha. */
function variance(xs: readonly number[]): number {
  const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  return xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (xs.length - 1);
}
