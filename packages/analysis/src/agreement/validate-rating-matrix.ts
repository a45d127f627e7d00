import { AgreementDataError } from "./agreement-data-error.js";
import { MEASUREMENT_LEVELS, type MeasurementLevel, type RatingMatrix } from "./rating-matrix.js";

/**
 * Checks the shape and values of a units x coders matrix and throws an AgreementDataError
 * naming the first problem found. Returns the number of coders (columns).
 */
export function validateRatingMatrix(matrix: RatingMatrix, level?: MeasurementLevel): number {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw new AgreementDataError(
      "no_units",
      "The rating matrix has no units (rows). Pass one row per scored text, with one cell per coder (model).",
    );
  }
  if (level !== undefined && !MEASUREMENT_LEVELS.includes(level)) {
    throw new AgreementDataError(
      "invalid_option",
      `Unknown level of measurement "${String(level)}". Use one of: ${MEASUREMENT_LEVELS.join(", ")}.`,
    );
  }
  const first = matrix[0];
  const coders = Array.isArray(first) ? first.length : 0;
  if (coders < 2) {
    throw new AgreementDataError(
      "too_few_coders",
      `The rating matrix has ${coders} coder column(s); agreement needs at least 2. ` +
        "Rows are units (texts) and columns are coders (models): transpose the matrix if it is the other way round.",
    );
  }
  matrix.forEach((row, unit) => {
    if (!Array.isArray(row) || row.length !== coders) {
      throw new AgreementDataError(
        "ragged_rows",
        `Unit ${unit} has ${Array.isArray(row) ? row.length : "no"} cells but unit 0 has ${coders}. ` +
          "Give every row one cell per coder, with null where a coder did not rate the unit.",
        { unit },
      );
    }
    row.forEach((value, coder) => {
      if (value === null || value === undefined) return;
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new AgreementDataError(
          "non_finite_value",
          `Unit ${unit}, coder ${coder} holds ${String(value)}, which is not a finite number. ` +
            "Use null (or undefined) for a missing rating, and convert parsed answers to numbers first.",
          { unit, coder },
        );
      }
      if (level === "ratio" && value < 0) {
        throw new AgreementDataError(
          "negative_ratio_value",
          `Unit ${unit}, coder ${coder} holds ${value}, but ratio data have an absolute zero and no negative values. ` +
            'Use level "interval" for scales that can go below zero.',
          { unit, coder },
        );
      }
    });
  });
  return coders;
}
