import { logGamma } from "./log-gamma.js";

const TINY = 1e-300;
const EPSILON = 1e-15;
const MAX_TERMS = 1000;

/**
 * The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1, from
 * its continued fraction (DLMF 8.17.22) evaluated by the modified Lentz method (Press et al.,
 * Numerical Recipes, 3rd ed., sections 5.2 and 6.4). The fraction converges fast for
 * x < (a + 1)/(a + b + 2); beyond that I_x(a, b) = 1 - I_(1-x)(b, a) is used.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a);
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  return Math.exp(logFront) / a / continuedFraction(x, a, b);
}

/** 1 + d1/(1 + d2/(1 + ...)) with the DLMF 8.17.22 coefficients d_m. */
function continuedFraction(x: number, a: number, b: number): number {
  let value = 1;
  let c = 1;
  let d = 0;
  for (let m = 1; m <= MAX_TERMS * 2; m++) {
    const half = Math.floor(m / 2);
    const coefficient =
      m % 2 === 0
        ? (half * (b - half) * x) / ((a + 2 * half - 1) * (a + 2 * half))
        : -((a + half) * (a + b + half) * x) / ((a + 2 * half) * (a + 2 * half + 1));
    d = 1 + coefficient * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + coefficient / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = c * d;
    value *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return value;
}
