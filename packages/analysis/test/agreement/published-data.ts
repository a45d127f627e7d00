import type { RatingMatrix } from "../../src/agreement/index.js";

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C example: 4
 * observers (A-D) x 12 units with missing data, transposed here to units x coders.
 */
export const KRIPPENDORFF_2011: RatingMatrix = transpose([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
]);

/** Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges. */
export const SHROUT_FLEISS_1979: RatingMatrix = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

function transpose(coderRows: (number | null)[][]): (number | null)[][] {
  return coderRows[0]!.map((_, unit) => coderRows.map((row) => row[unit]!));
}
