import { averageRanks } from "./average-ranks.js";
import { pearsonCorrelation } from "./pearson-correlation.js";
import { validatePairedValues } from "./validate-paired-values.js";

/**
 * Spearman's rho as the Pearson correlation of average ranks, which stays exact with ties
 * (the shortcut 1 - 6 sum d^2 / (n (n^2 - 1)) does not). `undefined` as for Pearson.
 */
export function spearmanCorrelation(x: readonly number[], y: readonly number[]): number | undefined {
  validatePairedValues(x, y);
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}
