// Agreement statistics across coders (models): the public surface of this folder.
export { AgreementDataError, type AgreementDataProblem } from "./agreement-data-error.js";
export {
  agreementReport,
  type AgreementReport,
  type AgreementReportOptions,
  type AgreementRow,
  type IntervalMethod,
  type ReportedIcc,
  type ReportedPair,
} from "./agreement-report.js";
export { anovaMeanSquares, type AnovaMeanSquares } from "./anova-mean-squares.js";
export { averageRanks } from "./average-ranks.js";
export {
  bootstrapInterval,
  bootstrapIntervals,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  type BootstrapInterval,
  type BootstrapOptions,
} from "./bootstrap-interval.js";
export { coincidenceMatrix, type CoincidenceMatrix } from "./coincidence-matrix.js";
export { completeCases, type CompleteCases } from "./complete-cases.js";
export { cronbachAlpha, type CronbachAlpha } from "./cronbach-alpha.js";
export { exactAgreement } from "./exact-agreement.js";
export { fCdf, fQuantile, fUpperTail } from "./f-distribution.js";
export {
  ICC_FORMS,
  ICC_MCGRAW_WONG,
  intraclassCorrelations,
  type IccForm,
  type IntraclassCorrelation,
  type IntraclassCorrelations,
} from "./intraclass-correlation.js";
export { krippendorffAlpha, type KrippendorffAlpha } from "./krippendorff-alpha.js";
export { meanAbsoluteDifference } from "./mean-absolute-difference.js";
export { differenceFunction, ordinalPositions, type DifferenceFunction } from "./difference-function.js";
export { pairedRatings } from "./paired-ratings.js";
export {
  PAIR_STATISTICS,
  pairwiseStatistics,
  type PairStatisticName,
  type PairStatistics,
} from "./pairwise-statistics.js";
export { pearsonCorrelation } from "./pearson-correlation.js";
export {
  isRated,
  MEASUREMENT_LEVELS,
  type MeasurementLevel,
  type Rating,
  type RatingMatrix,
} from "./rating-matrix.js";
export { seededRandom, type RandomSource } from "./seeded-random.js";
export { spearmanCorrelation } from "./spearman-correlation.js";
export { validatePairedValues } from "./validate-paired-values.js";
export { validateRatingMatrix } from "./validate-rating-matrix.js";
