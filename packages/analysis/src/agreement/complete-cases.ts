import { isRated, type RatingMatrix } from "./rating-matrix.js";

export interface CompleteCases {
  /** Units rated by every coder, in their original order. */
  readonly rows: readonly (readonly number[])[];
  /** How many units were dropped for a missing rating. */
  readonly droppedUnits: number;
}

/** Keeps only units rated by every coder (listwise deletion), as ANOVA-based statistics need. */
export function completeCases(matrix: RatingMatrix): CompleteCases {
  const rows: number[][] = [];
  for (const row of matrix) {
    if (row.every(isRated)) rows.push(row as number[]);
  }
  return { rows, droppedUnits: matrix.length - rows.length };
}
