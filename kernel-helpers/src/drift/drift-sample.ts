import { seededRandom } from "@discernus/analysis";

/**
 * `size` of the texts, the same for the same seed and texts whatever their order: the ids are
 * sorted, shuffled by a seeded Fisher-Yates (Knuth 1997, TAOCP 2, algorithm 3.4.2 P), and the first
 * `size` kept, in their sorted order. Every model is asked about the same texts, so agreement
 * among the models can be compared on them.
 */
export function driftSample(itemIds: Iterable<string>, size: number, seed: number): string[] {
  const ids = [...new Set(itemIds)].sort();
  if (size >= ids.length) return ids;
  const random = seededRandom(seed);
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.slice(0, size).sort();
}
