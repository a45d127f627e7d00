/**
 * ln Gamma(x) for x > 0. Shifts x up to at least 10 with Gamma(x) = Gamma(x + m) / (x (x+1) ... (x+m-1)),
 * then uses Stirling's asymptotic series (Abramowitz & Stegun 6.1.40, DLMF 5.11.1), whose
 * first omitted term at x >= 10 is below 1e-14.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    shift++;
  }
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  // Bernoulli-number coefficients B_2j / (2j (2j - 1)): 1/12, -1/360, 1/1260, -1/1680, 1/1188.
  const series =
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 + inverseSquared * (1 / 1260 + inverseSquared * (-1 / 1680 + inverseSquared / 1188))));
  const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}
