import { validatePairedValues } from "./validate-paired-values.js";

/**
 * Pearson's product-moment correlation of paired samples. `undefined` with fewer than 2 pairs
 * or when either sample has no variance (r is 0/0 then, not 0).
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number | undefined {
  validatePairedValues(x, y);
  const n = x.length;
  if (n < 2) return undefined;
  const meanX = x.reduce((sum, v) => sum + v, 0) / n;
  const meanY = y.reduce((sum, v) => sum + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return undefined;
  // Clamp rounding excursions past +-1 (e.g. 1.0000000000000002 for identical samples).
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
