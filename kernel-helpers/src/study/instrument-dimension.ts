import type { Dimension, Framework } from "@discernus/analysis";
import { DiscernusError } from "@discernus/gateway";

/**
 * Lexicon instruments (local/vader, local/afinn) measure one thing, sentiment on -1..1, whatever
 * the framework asks. They fill the framework's sentiment-like numeric dimension, rescaled to its
 * scale, and nothing else.
 */
export function instrumentDimension(framework: Framework, model: string): Dimension {
  const found = framework.dimensions.find(
    (d) => !Array.isArray(d.scale) && /valence|sentiment|tone|polarity/i.test(`${d.id} ${d.name}`),
  );
  if (!found)
    throw new DiscernusError(
      "invalid_request",
      `${model} is a lexicon instrument: it measures sentiment only, and the framework "${framework.name}" has no numeric valence, sentiment, tone or polarity dimension for it to fill. Use it with a sentiment framework, or leave it out of models.`,
    );
  return found;
}

/** An instrument's -1..1 score placed on a numeric scale. */
export function rescaleInstrumentScore(score: number, dimension: Dimension): number {
  if (Array.isArray(dimension.scale)) throw new Error("internal: instrument dimension with a label scale");
  const { min, max } = dimension.scale;
  return min + ((Math.max(-1, Math.min(1, score)) + 1) / 2) * (max - min);
}
