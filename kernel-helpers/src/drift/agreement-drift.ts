import {
  AgreementDataError,
  bootstrapInterval,
  krippendorffAlpha,
  seededRandom,
  type MeasurementLevel,
  type Rating,
} from "@discernus/analysis";

/** Krippendorff's alpha among the models on one dimension, with the recorded answers and with the live ones. */
export interface DriftAgreementRow {
  dimension: string;
  /** Models (coders) and sampled texts (units) in the matrix. */
  models: number;
  texts: number;
  recordedAlpha: number | null;
  recordedLower: number | null;
  recordedUpper: number | null;
  liveAlpha: number | null;
  liveLower: number | null;
  liveUpper: number | null;
  /** "holds": the live alpha lies inside the recorded alpha's interval (see DRIFT_VERDICT_RULE). */
  verdict: "holds" | "changed" | "undefined";
}

export const DRIFT_VERDICT_RULE =
  "holds = the live alpha (live answers in place of the recorded ones) lies inside the 95% bootstrap interval of the recorded alpha (or equals it), on the same texts; changed otherwise";

/** A score of a model on a text for a dimension; null when it gave none. */
export type ScoreOf = (item: string, model: string, dimension: string) => number | null;

function alphaOf(matrix: readonly (readonly Rating[])[], level: MeasurementLevel): number | undefined {
  try {
    return krippendorffAlpha(matrix, level).alpha;
  } catch (err) {
    // A resample may leave nothing to compare (e.g. no variation): the statistic is undefined there.
    if (err instanceof AgreementDataError) return undefined;
    throw err;
  }
}

function estimate(
  matrix: Rating[][],
  options: { level: MeasurementLevel; seed: number; resamples: number },
): { alpha: number | null; lower: number | null; upper: number | null } {
  const alpha = alphaOf(matrix, options.level) ?? null;
  // Texts are the units resampled (Krippendorff 2011 bootstraps over units too).
  const interval =
    alpha === null
      ? undefined
      : bootstrapInterval(matrix, (rows) => alphaOf(rows, options.level), {
          random: seededRandom(options.seed),
          resamples: options.resamples,
        });
  return { alpha, lower: interval?.lower ?? null, upper: interval?.upper ?? null };
}

/**
 * Whether the study's agreement survives the drift, per dimension: alpha among `models` on the
 * sampled `items` with the recorded scores, then with the live scores in place of the recorded ones
 * for the models asked again; each with a seeded percentile bootstrap interval.
 */
export function agreementDrift(
  items: readonly string[],
  models: readonly string[],
  dimensions: readonly string[],
  recorded: ScoreOf,
  live: ScoreOf,
  options: { level: MeasurementLevel; seed: number; resamples: number },
): DriftAgreementRow[] {
  const rows: DriftAgreementRow[] = [];
  for (const dimension of dimensions) {
    const coders = models.filter((m) => items.some((i) => recorded(i, m, dimension) !== null));
    if (coders.length < 2) continue;
    const before = items.map((i) => coders.map((m) => recorded(i, m, dimension)));
    const after = items.map((i) => coders.map((m) => live(i, m, dimension)));
    const r = estimate(before, options);
    const l = estimate(after, options);
    const verdict =
      r.alpha === null || l.alpha === null || r.lower === null || r.upper === null
        ? "undefined"
        : l.alpha === r.alpha || (l.alpha >= r.lower && l.alpha <= r.upper)
          ? "holds"
          : "changed";
    rows.push({
      dimension,
      models: coders.length,
      texts: items.length,
      recordedAlpha: r.alpha,
      recordedLower: r.lower,
      recordedUpper: r.upper,
      liveAlpha: l.alpha,
      liveLower: l.lower,
      liveUpper: l.upper,
      verdict,
    });
  }
  return rows;
}
