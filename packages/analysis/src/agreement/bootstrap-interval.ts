import { AgreementDataError } from "./agreement-data-error.js";
import type { RandomSource } from "./seeded-random.js";

export interface BootstrapOptions {
  /** Uniform [0, 1) source; pass `seededRandom(seed)` for reproducible intervals. */
  readonly random: RandomSource;
  /** Number of resamples; 1,000 by default. */
  readonly resamples?: number;
  /** Two-sided coverage, 0.95 by default. */
  readonly confidence?: number;
}

export interface BootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly resamples: number;
  /**
   * Resamples where the statistic was defined. Undefined ones (e.g. a resample with no
   * variance) are left out, so the interval is conditional on the statistic existing.
   */
  readonly validResamples: number;
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;

/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, An Introduction to the Bootstrap,
 * ch. 13) for several statistics at once: units are resampled with replacement, `statistics`
 * computes every statistic on each resample (so they share resamples and any work, such as
 * pairing two coders' ratings), and the bounds are the (1-confidence)/2 and (1+confidence)/2
 * quantiles (linear interpolation, Hyndman & Fan type 7). A statistic defined on fewer than
 * 2 resamples gets `undefined`. Cost: `resamples` calls of `statistics`.
 */
export function bootstrapIntervals<T, K extends string>(
  units: readonly T[],
  statistics: (resample: readonly T[]) => Readonly<Record<K, number | undefined>>,
  options: BootstrapOptions,
): Record<K, BootstrapInterval | undefined> {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new AgreementDataError(
      "invalid_option",
      `resamples must be a positive integer, got ${resamples}. 1,000 is usual; use more for tighter percentiles.`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new AgreementDataError(
      "invalid_option",
      `confidence must be between 0 and 1 (exclusive), got ${confidence}. Use e.g. 0.95.`,
    );
  }
  if (units.length === 0) {
    throw new AgreementDataError("no_units", "There are no units to resample. Pass at least one row.");
  }
  const estimates = new Map<K, number[]>();
  const resample = new Array<T>(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) {
      resample[i] = units[Math.floor(options.random() * units.length)]!;
    }
    const values = statistics(resample);
    for (const name of Object.keys(values) as K[]) {
      let list = estimates.get(name);
      if (!list) estimates.set(name, (list = []));
      const value = values[name];
      if (value !== undefined && Number.isFinite(value)) list.push(value);
    }
  }
  const alpha = (1 - confidence) / 2;
  const result = {} as Record<K, BootstrapInterval | undefined>;
  for (const [name, list] of estimates) {
    const sorted = list.sort((a, b) => a - b);
    result[name] =
      sorted.length < 2
        ? undefined
        : {
            lower: quantile(sorted, alpha),
            upper: quantile(sorted, 1 - alpha),
            confidence,
            resamples,
            validResamples: sorted.length,
          };
  }
  return result;
}

/** Percentile bootstrap interval for one statistic; see `bootstrapIntervals`. */
export function bootstrapInterval<T>(
  units: readonly T[],
  statistic: (resample: readonly T[]) => number | undefined,
  options: BootstrapOptions,
): BootstrapInterval | undefined {
  return bootstrapIntervals(units, (resample) => ({ statistic: statistic(resample) }), options).statistic;
}

/** Hyndman & Fan (1996) type 7 quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}
