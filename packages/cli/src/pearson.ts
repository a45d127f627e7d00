/**
 * Pearson's r over the pairs where both values are present; undefined with fewer than three such
 * pairs or no variance (r is not defined then, and 0 would be a lie).
 */
export function pearson(
  xs: readonly (number | undefined)[],
  ys: readonly (number | undefined)[],
): number | undefined {
  const pairs: [number, number][] = [];
  xs.forEach((x, i) => {
    const y = ys[i];
    if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) pairs.push([x, y]);
  });
  if (pairs.length < 3) return undefined;
  const mean = (k: 0 | 1) => pairs.reduce((s, p) => s + p[k], 0) / pairs.length;
  const mx = mean(0);
  const my = mean(1);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return sxy / Math.sqrt(sxx * syy);
}
