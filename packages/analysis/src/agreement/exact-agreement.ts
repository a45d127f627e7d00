import { validatePairedValues } from "./validate-paired-values.js";

/**
 * Share of pairs with identical ratings (raw percent agreement, as a proportion). Not
 * chance-corrected; the only pairwise figure that means something for nominal codes.
 * `undefined` with no pairs.
 */
export function exactAgreement(x: readonly number[], y: readonly number[]): number | undefined {
  validatePairedValues(x, y);
  if (x.length === 0) return undefined;
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same / x.length;
}
