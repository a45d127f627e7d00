import Sentiment from "sentiment";
import type { ProviderAdapter } from "./provider-adapter.js";
import { createInstrumentAdapter, type InstrumentScores } from "./local-instrument-adapter.js";

let analyzer: Sentiment | undefined;

/**
 * AFINN-165 (Nielsen 2011, "A new ANEW: evaluation of a word list for sentiment analysis in
 * microblogs"; words rated -5..5), through the sentiment package.
 *
 * - `sum`: the package's raw `score`, the sum of the ratings of the rated words (unbounded).
 * - `comparative`: sum per token, so -5..5.
 * - `normalized` = comparative / 5, clipped to -1..1, and `score` = normalized: the -1..1 field every
 *   local instrument shares, so VADER and AFINN can be compared in one table. It is per token, so
 *   texts of different lengths are comparable too, and it is small for long texts with few rated words.
 * - `tokens` and `ratedWords`: the counts behind the figures.
 */
export function scoreAfinn(text: string): InstrumentScores {
  analyzer ??= new Sentiment();
  const result = analyzer.analyze(text);
  const normalized = Math.max(-1, Math.min(1, result.comparative / 5));
  return {
    score: normalized,
    normalized,
    sum: result.score,
    comparative: result.comparative,
    tokens: result.tokens.length,
    ratedWords: result.words.length,
  };
}

/** The `local/afinn` model. */
export function createAfinnAdapter(): ProviderAdapter {
  return createInstrumentAdapter("afinn", scoreAfinn);
}
