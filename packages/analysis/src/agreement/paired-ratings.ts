import { isRated, type RatingMatrix } from "./rating-matrix.js";

/** The ratings of coders a and b over the units both rated, in unit order (pairwise deletion). */
export function pairedRatings(
  matrix: RatingMatrix,
  coderA: number,
  coderB: number,
): { readonly x: number[]; readonly y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const row of matrix) {
    const a = row[coderA];
    const b = row[coderB];
    if (isRated(a) && isRated(b)) {
      x.push(a);
      y.push(b);
    }
  }
  return { x, y };
}
