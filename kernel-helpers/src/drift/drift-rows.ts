import { bootstrapInterval, seededRandom } from "@discernus/analysis";

/** One answer asked again: the recorded scores and the live ones (undefined: the live call failed). */
export interface AnswerPair {
  model: string;
  item: string;
  recorded: Readonly<Record<string, number>>;
  live: Readonly<Record<string, number>> | undefined;
}

/** Drift of one model on one dimension, over the sample. */
export interface DriftRow {
  model: string;
  dimension: string;
  /** Answers compared: recorded, and answered again live. */
  n: number;
  /** Of those, answers whose score differs (a score present on one side only counts as changed). */
  changed: number;
  /** changed / n; null when n is 0. */
  shareChanged: number | null;
  /** Mean |live - recorded| over the answers scored on both sides; null when none were. */
  meanAbsChange: number | null;
  /** Percentile bootstrap interval of meanAbsChange (95%); null below two scored answers. */
  lower: number | null;
  upper: number | null;
  /** Live calls that failed: not compared. */
  failed: number;
}

const SAME_SCORE = 1e-9;

/**
 * Per model x dimension: how many answers changed and by how much. The interval of the mean
 * absolute change is a percentile bootstrap over the sampled answers (Efron & Tibshirani 1993,
 * ch. 13), seeded, so the same drift run gives the same interval.
 */
export function driftRows(
  pairs: readonly AnswerPair[],
  dimensionsOf: (model: string) => readonly string[],
  options: { seed: number; resamples: number },
): DriftRow[] {
  const models = [...new Set(pairs.map((p) => p.model))];
  const rows: DriftRow[] = [];
  for (const model of models) {
    const mine = pairs.filter((p) => p.model === model);
    for (const dimension of dimensionsOf(model)) {
      let n = 0;
      let changed = 0;
      let failed = 0;
      const changes: number[] = [];
      for (const p of mine) {
        if (!p.live) {
          failed++;
          continue;
        }
        const before = p.recorded[dimension];
        const after = p.live[dimension];
        n++;
        if (before === undefined && after === undefined) continue;
        if (before === undefined || after === undefined) {
          changed++;
          continue;
        }
        const change = Math.abs(after - before);
        changes.push(change);
        if (change > SAME_SCORE) changed++;
      }
      const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const interval =
        changes.length >= 2
          ? bootstrapInterval(changes, mean, {
              random: seededRandom(options.seed),
              resamples: options.resamples,
            })
          : undefined;
      rows.push({
        model,
        dimension,
        n,
        changed,
        shareChanged: n === 0 ? null : changed / n,
        meanAbsChange: changes.length === 0 ? null : mean(changes),
        lower: interval?.lower ?? null,
        upper: interval?.upper ?? null,
        failed,
      });
    }
  }
  return rows;
}
