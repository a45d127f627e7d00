/**
 * Mean squares of a targets x judges table with one rating per cell, in the notation of
 * Shrout & Fleiss (1979), Table 1: BMS between targets, WMS within targets (one-way),
 * JMS between judges and EMS residual (two-way).
 */
export interface AnovaMeanSquares {
  /** n, targets (units). */
  readonly targets: number;
  /** k, judges (coders). */
  readonly judges: number;
  readonly betweenTargets: number;
  readonly withinTargets: number;
  readonly betweenJudges: number;
  readonly residual: number;
}

/** Needs n >= 2 complete rows and k >= 2 columns; returns `undefined` below that. */
export function anovaMeanSquares(rows: readonly (readonly number[])[]): AnovaMeanSquares | undefined {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (n < 2 || k < 2) return undefined;
  const rowMeans = rows.map((row) => row.reduce((sum, x) => sum + x, 0) / k);
  const columnMeans = Array.from({ length: k }, (_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / n);
  const grandMean = rowMeans.reduce((sum, x) => sum + x, 0) / n;
  let totalSS = 0;
  for (const row of rows) for (const x of row) totalSS += (x - grandMean) ** 2;
  const targetsSS = k * rowMeans.reduce((sum, m) => sum + (m - grandMean) ** 2, 0);
  const judgesSS = n * columnMeans.reduce((sum, m) => sum + (m - grandMean) ** 2, 0);
  // Subtraction leaves rounding noise (even negative) where a sum of squares is exactly zero,
  // e.g. judges who differ only by a constant; snap it to zero so ICC(3,1) = 1 is not 0.99999.
  const noise = 1e-12 * totalSS;
  const snap = (ss: number) => (ss <= noise ? 0 : ss);
  const residualSS = snap(totalSS - targetsSS - judgesSS);
  const withinSS = snap(totalSS - targetsSS);
  return {
    targets: n,
    judges: k,
    betweenTargets: targetsSS / (n - 1),
    withinTargets: withinSS / (n * (k - 1)),
    betweenJudges: judgesSS / (k - 1),
    residual: residualSS / ((n - 1) * (k - 1)),
  };
}
