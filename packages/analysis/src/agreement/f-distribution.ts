import { regularizedIncompleteBeta } from "./regularized-incomplete-beta.js";

/**
 * P(F <= x) for Snedecor's F with (df1, df2) degrees of freedom (real, > 0), by
 * P(F <= x) = I_(df1 x / (df1 x + df2))(df1/2, df2/2) (Abramowitz & Stegun 26.6.2).
 */
export function fCdf(x: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return regularizedIncompleteBeta((df1 * x) / (df1 * x + df2), df1 / 2, df2 / 2);
}

/** P(F > x), computed directly from the complementary beta so small p-values keep their digits. */
export function fUpperTail(x: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return regularizedIncompleteBeta(df2 / (df2 + df1 * x), df2 / 2, df1 / 2);
}

/**
 * The p-quantile of F(df1, df2): the x with P(F <= x) = p. Bisects on the beta variable
 * y = df1 x / (df1 x + df2), which lives in (0, 1), until the interval stops shrinking, then
 * maps back with x = df2 y / (df1 (1 - y)). Non-integer df (Satterthwaite) are allowed.
 */
export function fQuantile(p: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0) || !(p >= 0) || !(p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (mid === low || mid === high) break;
    if (regularizedIncompleteBeta(mid, df1 / 2, df2 / 2) < p) low = mid;
    else high = mid;
  }
  const y = (low + high) / 2;
  return (df2 * y) / (df1 * (1 - y));
}
