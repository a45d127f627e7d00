import type { ChartRow } from "../../src/charts/index.js";

// Three models score four texts on three dimensions (-1..1), with two null scores and one cached call.
const SCORES: Record<string, Record<string, Record<string, number | null>>> = {
  t1: {
    "openai/gpt-4.1": { care: 0.8, fairness: -0.5, loyalty: 0.1 },
    "anthropic/claude": { care: 0.6, fairness: -0.4, loyalty: null },
    "google/gemini": { care: 1, fairness: -1, loyalty: 0 },
  },
  t2: {
    "openai/gpt-4.1": { care: -0.2, fairness: 0.3, loyalty: 0.5 },
    "anthropic/claude": { care: -0.1, fairness: 0.2, loyalty: 0.4 },
    "google/gemini": { care: 0, fairness: 0.5, loyalty: 0.5 },
  },
  t3: {
    "openai/gpt-4.1": { care: 0.4, fairness: 0.9, loyalty: -0.7 },
    "anthropic/claude": { care: 0.5, fairness: 0.7, loyalty: -0.6 },
    "google/gemini": { care: 0.5, fairness: 1, loyalty: -1 },
  },
  t4: {
    "openai/gpt-4.1": { care: null, fairness: 0, loyalty: 0.2 },
    "anthropic/claude": { care: 0.3, fairness: 0.1, loyalty: 0.2 },
    "google/gemini": { care: 0.5, fairness: 0, loyalty: 0 },
  },
};

/** Cost and latency of each model's calls: one call per text scores all three dimensions. */
const CALL_COST_NANO_USD: Record<string, number> = {
  "openai/gpt-4.1": 1_250_000,
  "anthropic/claude": 2_000_000,
  "google/gemini": 400_000,
};
const CALL_LATENCY_MS: Record<string, number> = {
  "openai/gpt-4.1": 900,
  "anthropic/claude": 1500,
  "google/gemini": 600,
};

export function fixtureRows(): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const [text, byModel] of Object.entries(SCORES)) {
    for (const [model, byDimension] of Object.entries(byModel)) {
      // t4 was answered by gemini from the cache: no cost, almost no latency.
      const cached = text === "t4" && model === "google/gemini";
      const textIndex = Number(text.slice(1));
      for (const [dimension, score] of Object.entries(byDimension)) {
        rows.push({
          text,
          model,
          dimension,
          score,
          evidence: `what ${model} quoted from ${text}`,
          callId: `${model}#${text}`,
          costNanoUsd: cached ? 0 : (CALL_COST_NANO_USD[model] as number),
          latencyMs: cached ? 2 : (CALL_LATENCY_MS[model] as number) + 100 * textIndex,
          cached,
        });
      }
    }
  }
  return rows;
}
