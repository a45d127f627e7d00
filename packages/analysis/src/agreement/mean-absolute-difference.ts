import { validatePairedValues } from "./validate-paired-values.js";

/** Mean of |x_i - y_i|, in the units of the scale. `undefined` with no pairs. */
export function meanAbsoluteDifference(x: readonly number[], y: readonly number[]): number | undefined {
  validatePairedValues(x, y);
  if (x.length === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}
