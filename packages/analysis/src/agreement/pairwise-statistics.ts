import { exactAgreement } from "./exact-agreement.js";
import { meanAbsoluteDifference } from "./mean-absolute-difference.js";
import { pairedRatings } from "./paired-ratings.js";
import { pearsonCorrelation } from "./pearson-correlation.js";
import type { RatingMatrix } from "./rating-matrix.js";
import { spearmanCorrelation } from "./spearman-correlation.js";
import { validateRatingMatrix } from "./validate-rating-matrix.js";

export interface PairStatistics {
  /** Column indices of the two coders, a < b. */
  readonly coderA: number;
  readonly coderB: number;
  /** Units both coders rated; every statistic of the pair uses exactly these. */
  readonly units: number;
  /** `undefined` with fewer than 2 shared units or no variance in either coder. */
  readonly pearson: number | undefined;
  /** Pearson on average ranks; `undefined` as for Pearson. */
  readonly spearman: number | undefined;
  /** `undefined` with no shared units. */
  readonly meanAbsoluteDifference: number | undefined;
  /** Proportion of shared units with identical ratings; `undefined` with no shared units. */
  readonly exactAgreement: number | undefined;
}

/** One statistic of one pair, as a bootstrap can recompute it on resampled units. */
export type PairStatisticName = "pearson" | "spearman" | "meanAbsoluteDifference" | "exactAgreement";

export const PAIR_STATISTICS: Readonly<
  Record<PairStatisticName, (x: readonly number[], y: readonly number[]) => number | undefined>
> = {
  pearson: pearsonCorrelation,
  spearman: spearmanCorrelation,
  meanAbsoluteDifference,
  exactAgreement,
};

/**
 * Pearson, Spearman, mean absolute difference and exact agreement for every pair of coders
 * (columns), each over the units that both coders rated.
 */
export function pairwiseStatistics(matrix: RatingMatrix): PairStatistics[] {
  const coders = validateRatingMatrix(matrix);
  const pairs: PairStatistics[] = [];
  for (let a = 0; a < coders; a++) {
    for (let b = a + 1; b < coders; b++) {
      const { x, y } = pairedRatings(matrix, a, b);
      pairs.push({
        coderA: a,
        coderB: b,
        units: x.length,
        pearson: PAIR_STATISTICS.pearson(x, y),
        spearman: PAIR_STATISTICS.spearman(x, y),
        meanAbsoluteDifference: PAIR_STATISTICS.meanAbsoluteDifference(x, y),
        exactAgreement: PAIR_STATISTICS.exactAgreement(x, y),
      });
    }
  }
  return pairs;
}
