import vader from "vader-sentiment";
import type { ProviderAdapter } from "./provider-adapter.js";
import { createInstrumentAdapter, type InstrumentScores } from "./local-instrument-adapter.js";

/**
 * VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of
 * Social Media Text", ICWSM), through the vader-sentiment port. `compound` is already normalised to
 * -1..1, so `score` = compound; `pos`, `neu` and `neg` are the proportions of the text in each class.
 */
export function scoreVader(text: string): InstrumentScores {
  const { compound, pos, neu, neg } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return { score: compound, compound, pos, neu, neg };
}

/** The `local/vader` model. */
export function createVaderAdapter(): ProviderAdapter {
  return createInstrumentAdapter("vader", scoreVader);
}
