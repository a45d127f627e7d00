import { seededRandom, type RatingMatrix } from "../../src/agreement/index.js";

/** Units x coders ratings: a true score per unit plus independent noise per coder (seeded, uniform). */
export function simulatedRatings(units: number, coders: number, seed: number): RatingMatrix {
  const random = seededRandom(seed);
  return Array.from({ length: units }, () => {
    const truth = random() * 10;
    return Array.from({ length: coders }, () => Math.round((truth + (random() - 0.5) * 4) * 10) / 10);
  });
}
