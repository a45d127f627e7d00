/** One rating: a number, or `null`/`undefined` when that coder did not rate that unit. */
export type Rating = number | null | undefined;

/**
 * Ratings as units x coders: `matrix[unit][coder]`. Rows are the texts scored, columns the
 * models (coders) that scored them; every row has one cell per coder.
 */
export type RatingMatrix = readonly (readonly Rating[])[];

/**
 * Krippendorff's levels of measurement; they choose the difference function of alpha
 * (Krippendorff 2011, section E).
 */
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

export const MEASUREMENT_LEVELS: readonly MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];

/** True when a cell holds a rating (not `null` or `undefined`). */
export function isRated(value: Rating): value is number {
  return value !== null && value !== undefined;
}
