import { AgreementDataError } from "./agreement-data-error.js";
import {
  bootstrapIntervals,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  type BootstrapInterval,
} from "./bootstrap-interval.js";
import { cronbachAlpha, type CronbachAlpha } from "./cronbach-alpha.js";
import { ICC_FORMS, intraclassCorrelations, type IntraclassCorrelation } from "./intraclass-correlation.js";
import { krippendorffAlpha, type KrippendorffAlpha } from "./krippendorff-alpha.js";
import { pairedRatings } from "./paired-ratings.js";
import {
  PAIR_STATISTICS,
  pairwiseStatistics,
  type PairStatisticName,
  type PairStatistics,
} from "./pairwise-statistics.js";
import type { MeasurementLevel, RatingMatrix } from "./rating-matrix.js";
import { seededRandom } from "./seeded-random.js";
import { validateRatingMatrix } from "./validate-rating-matrix.js";

export interface AgreementReportOptions {
  readonly level: MeasurementLevel;
  /** One name per column of the matrix, e.g. the model ids. */
  readonly coders: readonly string[];
  /** Bootstrap intervals: `true` for 1,000 resamples, a number for that many; none by default. */
  readonly bootstrap?: boolean | number;
  /** Seed of the bootstrap generator (`seededRandom`); 1 by default and recorded in the report. */
  readonly seed?: number;
  /** Two-sided coverage of every interval, 0.95 by default. */
  readonly confidence?: number;
}

/** Where an interval came from: the F distribution (analytic) or the percentile bootstrap. */
export type IntervalMethod = "F" | "bootstrap";

export interface ReportedIcc extends IntraclassCorrelation {
  readonly intervalMethod: IntervalMethod | undefined;
}

export interface ReportedPair extends PairStatistics {
  readonly coderNames: readonly [string, string];
  /** Bootstrap intervals per statistic; `undefined` without a bootstrap. */
  readonly intervals: Readonly<Record<PairStatisticName, BootstrapInterval | undefined>> | undefined;
}

/** One line of the flat table in `AgreementReport.rows`. */
export interface AgreementRow {
  readonly statistic: string;
  /** "all" for the multi-coder statistics, "a vs b" for a pair. */
  readonly coders: string;
  readonly value: number | undefined;
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  readonly interval: IntervalMethod | undefined;
  /** Units the statistic used. */
  readonly units: number;
}

export interface AgreementReport {
  readonly level: MeasurementLevel;
  readonly coders: readonly string[];
  readonly units: number;
  readonly confidence: number;
  readonly krippendorff: KrippendorffAlpha & { readonly interval: BootstrapInterval | undefined };
  /** `undefined` for nominal data, where means and variances of codes mean nothing. */
  readonly icc:
    | {
        readonly forms: readonly ReportedIcc[];
        readonly completeUnits: number;
        readonly droppedUnits: number;
      }
    | undefined;
  /** Bounds are Feldt's (1965) F interval, identical to that of ICC(3,k). `undefined` for nominal data. */
  readonly cronbach:
    (CronbachAlpha & { readonly lower: number | undefined; readonly upper: number | undefined }) | undefined;
  readonly pairs: readonly ReportedPair[];
  readonly bootstrap:
    { readonly resamples: number; readonly seed: number; readonly method: string } | undefined;
  /** Caveats for the reader: dropped units, statistics left out for the level, and so on. */
  readonly notes: readonly string[];
  /** Everything above as flat rows, ready for a table (e.g. `aq.from(report.rows)`). */
  readonly rows: readonly AgreementRow[];
}

const INTERVAL_STATS: readonly PairStatisticName[] = ["pearson", "spearman", "meanAbsoluteDifference"];

/**
 * Krippendorff's alpha, the six ICCs, Cronbach's alpha and the pairwise statistics of a
 * units x coders matrix in one object. ICC, Cronbach, Pearson, Spearman and mean absolute
 * difference are left out for nominal data; for ordinal data they are computed with a note
 * that they treat the codes as equally spaced.
 */
export function agreementReport(matrix: RatingMatrix, options: AgreementReportOptions): AgreementReport {
  const { level, coders } = options;
  const confidence = options.confidence ?? 0.95;
  const coderCount = validateRatingMatrix(matrix, level);
  if (!Array.isArray(coders) || coders.length !== coderCount) {
    throw new AgreementDataError(
      "coder_names_mismatch",
      `coders lists ${Array.isArray(coders) ? coders.length : 0} name(s) but the matrix has ${coderCount} columns. ` +
        "Pass one name per column, in column order.",
    );
  }
  const resamples =
    options.bootstrap === true
      ? DEFAULT_BOOTSTRAP_RESAMPLES
      : typeof options.bootstrap === "number"
        ? options.bootstrap
        : 0;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new AgreementDataError(
      "invalid_option",
      `bootstrap must be true, false or a whole number of resamples, got ${String(options.bootstrap)}. 1,000 is usual.`,
    );
  }
  const seed = options.seed ?? 1;
  const metric = level !== "nominal";
  const notes: string[] = [];

  const alpha = krippendorffAlpha(matrix, level);
  const icc = metric ? intraclassCorrelations(matrix, { confidence }) : undefined;
  const cronbach = metric ? cronbachAlpha(matrix) : undefined;
  const pairs = pairwiseStatistics(matrix).map((pair) =>
    metric ? pair : { ...pair, pearson: undefined, spearman: undefined, meanAbsoluteDifference: undefined },
  );
  const pairStats: readonly PairStatisticName[] = metric
    ? [...INTERVAL_STATS, "exactAgreement"]
    : ["exactAgreement"];

  // One set of resamples serves every statistic, so their intervals are comparable, and each
  // pair's ratings are matched once per resample for all its statistics.
  const bootstrappedForms = ICC_FORMS.filter(
    (form) => icc !== undefined && icc.forms[form].lower === undefined,
  );
  const statistics = (resample: RatingMatrix): Record<string, number | undefined> => {
    const values: Record<string, number | undefined> = { alpha: krippendorffAlpha(resample, level).alpha };
    for (const pair of pairs) {
      const { x, y } = pairedRatings(resample, pair.coderA, pair.coderB);
      for (const name of pairStats)
        values[`${pair.coderA}:${pair.coderB}:${name}`] = PAIR_STATISTICS[name](x, y);
    }
    if (bootstrappedForms.length > 0) {
      const forms = intraclassCorrelations(resample, { inference: false }).forms;
      for (const form of bootstrappedForms) values[`icc:${form}`] = forms[form].value;
    }
    return values;
  };
  const intervals: Record<string, BootstrapInterval | undefined> =
    resamples > 0
      ? bootstrapIntervals(matrix, statistics, { random: seededRandom(seed), resamples, confidence })
      : {};

  const reportedForms = icc
    ? ICC_FORMS.map((form): ReportedIcc => {
        const computed = icc.forms[form];
        if (computed.lower !== undefined) return { ...computed, intervalMethod: "F" };
        const boot = intervals[`icc:${form}`];
        return boot
          ? { ...computed, lower: boot.lower, upper: boot.upper, intervalMethod: "bootstrap" }
          : { ...computed, intervalMethod: undefined };
      })
    : undefined;
  const reportedPairs = pairs.map((pair): ReportedPair => ({
    ...pair,
    coderNames: [coders[pair.coderA]!, coders[pair.coderB]!],
    intervals:
      resamples > 0
        ? {
            pearson: intervals[`${pair.coderA}:${pair.coderB}:pearson`],
            spearman: intervals[`${pair.coderA}:${pair.coderB}:spearman`],
            meanAbsoluteDifference: intervals[`${pair.coderA}:${pair.coderB}:meanAbsoluteDifference`],
            exactAgreement: intervals[`${pair.coderA}:${pair.coderB}:exactAgreement`],
          }
        : undefined,
  }));
  const icc3k = icc?.forms["ICC(3,k)"];
  const reportedCronbach = cronbach ? { ...cronbach, lower: icc3k?.lower, upper: icc3k?.upper } : undefined;

  if (alpha.droppedUnits > 0) {
    notes.push(
      `Krippendorff's alpha: ${alpha.droppedUnits} unit(s) with fewer than 2 ratings are not pairable and were dropped.`,
    );
  }
  if (icc && icc.droppedUnits > 0) {
    notes.push(
      `ICC and Cronbach's alpha use complete cases only: ${icc.droppedUnits} unit(s) with a missing rating were dropped.`,
    );
  }
  if (level === "nominal") {
    notes.push(
      "Nominal data: ICC, Cronbach's alpha, Pearson, Spearman and mean absolute difference are not computed, since codes are labels, not quantities.",
    );
  }
  if (level === "ordinal") {
    notes.push(
      "Ordinal data: ICC, Cronbach's alpha, Pearson and mean absolute difference treat the codes as equally spaced; Krippendorff's ordinal alpha and Spearman do not.",
    );
  }
  if (resamples > 0) {
    notes.push(
      `Bootstrap: ${resamples} resamples of units with replacement (percentile method), seed ${seed}; resamples where a statistic is undefined are left out of its interval.`,
    );
  }

  const rows: AgreementRow[] = [
    {
      statistic: `Krippendorff's alpha (${level})`,
      coders: "all",
      value: alpha.alpha,
      lower: intervals.alpha?.lower,
      upper: intervals.alpha?.upper,
      interval: intervals.alpha ? "bootstrap" : undefined,
      units: alpha.pairableUnits,
    },
  ];
  for (const form of reportedForms ?? []) {
    rows.push({
      statistic: `${form.label} ${form.mcGrawWong}`,
      coders: "all",
      value: form.value,
      lower: form.lower,
      upper: form.upper,
      interval: form.intervalMethod,
      units: icc!.completeUnits,
    });
  }
  if (reportedCronbach) {
    rows.push({
      statistic: "Cronbach's alpha",
      coders: "all",
      value: reportedCronbach.alpha,
      lower: reportedCronbach.lower,
      upper: reportedCronbach.upper,
      interval: reportedCronbach.lower !== undefined ? "F" : undefined,
      units: reportedCronbach.completeUnits,
    });
  }
  const pairLabels: Record<PairStatisticName, string> = {
    pearson: "Pearson r",
    spearman: "Spearman rho",
    meanAbsoluteDifference: "Mean absolute difference",
    exactAgreement: "Exact agreement",
  };
  for (const pair of reportedPairs) {
    for (const name of pairStats) {
      const interval = pair.intervals?.[name];
      rows.push({
        statistic: pairLabels[name],
        coders: `${pair.coderNames[0]} vs ${pair.coderNames[1]}`,
        value: pair[name],
        lower: interval?.lower,
        upper: interval?.upper,
        interval: interval ? "bootstrap" : undefined,
        units: pair.units,
      });
    }
  }

  return {
    level,
    coders: [...coders],
    units: matrix.length,
    confidence,
    krippendorff: { ...alpha, interval: intervals.alpha },
    icc:
      icc && reportedForms
        ? { forms: reportedForms, completeUnits: icc.completeUnits, droppedUnits: icc.droppedUnits }
        : undefined,
    cronbach: reportedCronbach,
    pairs: reportedPairs,
    bootstrap:
      resamples > 0 ? { resamples, seed, method: "percentile; units resampled with replacement" } : undefined,
    notes,
    rows,
  };
}
