import type { MeasurementLevel } from "./rating-matrix.js";

/** delta^2(c, k) between two values, for a fixed set of pairable values. */
export type DifferenceFunction = (c: number, k: number) => number;

/**
 * Krippendorff's squared difference functions, from Krippendorff (2011), "Computing
 * Krippendorff's Alpha-Reliability", section E, and Content Analysis (2004/2013), ch. 12:
 * - nominal: 0 when c = k, else 1;
 * - ordinal: (sum of n_g for g from c to k, minus (n_c + n_k)/2)^2, from the marginal frequencies n_g;
 * - interval: (c - k)^2;
 * - ratio: ((c - k)/(c + k))^2.
 * `values` are the distinct pairable values ascending and `marginals` their frequencies n_c;
 * only the ordinal metric reads them.
 */
export function differenceFunction(
  level: MeasurementLevel,
  values: readonly number[],
  marginals: readonly number[],
): DifferenceFunction {
  switch (level) {
    case "nominal":
      return (c, k) => (c === k ? 0 : 1);
    case "interval":
      return (c, k) => (c - k) ** 2;
    case "ratio":
      // c + k = 0 only when both are 0 (ratio values are non-negative): no difference then.
      return (c, k) => (c + k === 0 ? 0 : ((c - k) / (c + k)) ** 2);
    case "ordinal": {
      const position = ordinalPositions(values, marginals);
      return (c, k) => (position.get(c)! - position.get(k)!) ** 2;
    }
  }
}

/**
 * The ordinal metric is an interval metric on these positions: with
 * M_c = (n_g summed over values below c) + n_c/2, the sum of n_g from c to k minus
 * (n_c + n_k)/2 equals M_k - M_c for c <= k, so delta^2_ck = (M_c - M_k)^2.
 */
export function ordinalPositions(
  values: readonly number[],
  marginals: readonly number[],
): Map<number, number> {
  const position = new Map<number, number>();
  let below = 0;
  values.forEach((value, i) => {
    position.set(value, below + marginals[i]! / 2);
    below += marginals[i]!;
  });
  return position;
}
