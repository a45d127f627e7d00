import { anovaMeanSquares, type AnovaMeanSquares } from "./anova-mean-squares.js";
import { completeCases } from "./complete-cases.js";
import { AgreementDataError } from "./agreement-data-error.js";
import { fQuantile, fUpperTail } from "./f-distribution.js";
import type { RatingMatrix } from "./rating-matrix.js";
import { validateRatingMatrix } from "./validate-rating-matrix.js";

/** Shrout & Fleiss (1979) forms; "k" is the number of coders averaged (ICC(1,4) in their paper when k = 4). */
export type IccForm = "ICC(1,1)" | "ICC(2,1)" | "ICC(3,1)" | "ICC(1,k)" | "ICC(2,k)" | "ICC(3,k)";

export const ICC_FORMS: readonly IccForm[] = [
  "ICC(1,1)",
  "ICC(2,1)",
  "ICC(3,1)",
  "ICC(1,k)",
  "ICC(2,k)",
  "ICC(3,k)",
];

/** McGraw & Wong (1996) names for each Shrout & Fleiss form. */
export const ICC_MCGRAW_WONG: Readonly<Record<IccForm, { name: string; model: string }>> = {
  "ICC(1,1)": { name: "ICC(1)", model: "one-way random effects, absolute agreement, single rater" },
  "ICC(2,1)": { name: "ICC(A,1)", model: "two-way random effects, absolute agreement, single rater" },
  "ICC(3,1)": { name: "ICC(C,1)", model: "two-way mixed effects, consistency, single rater" },
  "ICC(1,k)": { name: "ICC(k)", model: "one-way random effects, absolute agreement, mean of k raters" },
  "ICC(2,k)": { name: "ICC(A,k)", model: "two-way random effects, absolute agreement, mean of k raters" },
  "ICC(3,k)": { name: "ICC(C,k)", model: "two-way mixed effects, consistency, mean of k raters" },
};

export interface IntraclassCorrelation {
  readonly form: IccForm;
  /** The form with k filled in, e.g. "ICC(2,4)". */
  readonly label: string;
  readonly mcGrawWong: string;
  readonly model: string;
  /** `undefined` when the ratio is 0/0 or infinite (e.g. no variance at all). May be negative. */
  readonly value: number | undefined;
  /**
   * F-based confidence bounds (Shrout & Fleiss 1979; McGraw & Wong 1996, Table 7; ICC(2,*) uses
   * Satterthwaite's approximate df). `undefined` where they do not exist, e.g. a zero residual.
   */
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  /** Test of ICC = 0: F = BMS/WMS (one-way) or BMS/EMS (two-way), with its df and upper-tail p. */
  readonly fTest:
    { readonly f: number; readonly df1: number; readonly df2: number; readonly p: number } | undefined;
}

export interface IntraclassCorrelations {
  readonly forms: Readonly<Record<IccForm, IntraclassCorrelation>>;
  readonly meanSquares: AnovaMeanSquares | undefined;
  readonly confidence: number;
  /** Units used: only complete cases (rated by every coder) enter the ANOVA. */
  readonly completeUnits: number;
  /** Units dropped because some coder did not rate them. */
  readonly droppedUnits: number;
}

/**
 * The six intraclass correlations of Shrout & Fleiss (1979), "Intraclass correlations: uses in
 * assessing rater reliability", Psychological Bulletin 86(2), from the ANOVA mean squares, with
 * their F-based confidence intervals. Complete cases only: units with a missing rating are
 * dropped and counted in `droppedUnits`. Needs at least 2 complete units; below that every
 * value is `undefined`.
 */
export function intraclassCorrelations(
  matrix: RatingMatrix,
  options: {
    confidence?: number;
    /** false skips the F quantiles and p-values (they come back `undefined`); a bootstrap needs only the values. */
    inference?: boolean;
  } = {},
): IntraclassCorrelations {
  const confidence = options.confidence ?? 0.95;
  const inference = options.inference ?? true;
  if (!(confidence > 0 && confidence < 1)) {
    throw new AgreementDataError(
      "invalid_option",
      `confidence must be between 0 and 1 (exclusive), got ${confidence}. Use e.g. 0.95.`,
    );
  }
  validateRatingMatrix(matrix);
  const complete = completeCases(matrix);
  const ms = anovaMeanSquares(complete.rows);
  const forms = Object.fromEntries(
    ICC_FORMS.map((form) => [
      form,
      ms ? iccForm(form, ms, confidence, inference) : emptyForm(form, matrix[0]!.length),
    ]),
  ) as Record<IccForm, IntraclassCorrelation>;
  return {
    forms,
    meanSquares: ms,
    confidence,
    completeUnits: complete.rows.length,
    droppedUnits: complete.droppedUnits,
  };
}

function describe(form: IccForm, k: number) {
  const { name, model } = ICC_MCGRAW_WONG[form];
  return { form, label: form.replace("k", String(k)), mcGrawWong: name, model };
}

function emptyForm(form: IccForm, k: number): IntraclassCorrelation {
  return { ...describe(form, k), value: undefined, lower: undefined, upper: undefined, fTest: undefined };
}

/** a/b when both are finite and b is not zero; the ICCs are undefined otherwise. */
function ratio(numerator: number, denominator: number): number | undefined {
  const value = numerator / denominator;
  return denominator !== 0 && Number.isFinite(value) ? value : undefined;
}

function finite(x: number): number | undefined {
  return Number.isFinite(x) ? x : undefined;
}

function iccForm(
  form: IccForm,
  ms: AnovaMeanSquares,
  confidence: number,
  inference: boolean,
): IntraclassCorrelation {
  const { targets: n, judges: k, betweenTargets: B, withinTargets: W, betweenJudges: J, residual: E } = ms;
  // Two-sided interval: each tail gets (1 - confidence)/2 (McGraw & Wong 1996, Table 7, F_(1-alpha/2)).
  const q = 1 - (1 - confidence) / 2;
  const single = form.endsWith(",1)");
  const oneWay = form.startsWith("ICC(1");
  const fTest = (f: number, df1: number, df2: number) =>
    inference && Number.isFinite(f) ? { f, df1, df2, p: fUpperTail(f, df1, df2) } : undefined;

  if (oneWay || form.startsWith("ICC(3")) {
    // ICC(1,*) and ICC(3,*) share one pattern with (WMS, df n(k-1)) or (EMS, df (n-1)(k-1)).
    const error = oneWay ? W : E;
    const dfError = oneWay ? n * (k - 1) : (n - 1) * (k - 1);
    const value = single ? ratio(B - error, B + (k - 1) * error) : ratio(B - error, B);
    const f0 = B / error;
    const fLow = inference ? f0 / fQuantile(q, n - 1, dfError) : Number.NaN;
    const fHigh = inference ? f0 * fQuantile(q, dfError, n - 1) : Number.NaN;
    // Shrout & Fleiss (1979) for the single forms, McGraw & Wong (1996, Table 7) for the k forms,
    // which are the Spearman-Brown step-ups of the single bounds.
    // With a zero error mean square F is infinite and the interval does not exist.
    const bound = (f: number) => (error > 0 ? finite(single ? (f - 1) / (f + k - 1) : 1 - 1 / f) : undefined);
    return {
      ...describe(form, k),
      value,
      lower: bound(fLow),
      upper: bound(fHigh),
      fTest: fTest(f0, n - 1, dfError),
    };
  }

  // ICC(2,*): two-way random, absolute agreement.
  const value = single ? ratio(B - E, B + (k - 1) * E + (k * (J - E)) / n) : ratio(B - E, B + (J - E) / n);
  const icc21 = ratio(B - E, B + (k - 1) * E + (k * (J - E)) / n);
  let lower: number | undefined;
  let upper: number | undefined;
  if (inference && icc21 !== undefined && icc21 < 1) {
    // Satterthwaite's approximate df for the denominator (Shrout & Fleiss 1979; McGraw & Wong 1996, Table 7).
    const a = (k * icc21) / (n * (1 - icc21));
    const b = 1 + (k * icc21 * (n - 1)) / (n * (1 - icc21));
    const v = (a * J + b * E) ** 2 / ((a * J) ** 2 / (k - 1) + (b * E) ** 2 / ((n - 1) * (k - 1)));
    if (Number.isFinite(v) && v > 0) {
      const fStar = fQuantile(q, n - 1, v);
      const fStarReversed = fQuantile(q, v, n - 1);
      // McGraw & Wong (1996), Table 7, ICC(A,1) and ICC(A,k).
      const spread = single ? k * J + (k * n - k - n) * E : J - E;
      lower = ratio(n * (B - fStar * E), fStar * spread + n * B);
      upper = ratio(n * (fStarReversed * B - E), spread + n * fStarReversed * B);
    }
  }
  return { ...describe(form, k), value, lower, upper, fTest: fTest(B / E, n - 1, (n - 1) * (k - 1)) };
}
