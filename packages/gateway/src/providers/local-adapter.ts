import { createRequire } from "node:module";
import Sentiment from "sentiment";
import vader from "vader-sentiment";
import { AbortedError, UnknownModelError } from "../errors.js";
import { countTokens } from "../pricing/token-estimator.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";

export const LOCAL_MODELS = ["vader", "afinn"] as const;

/**
 * The text a local instrument scores: the last user message, or only the part inside
 * <text>...</text> when the prompt wraps the corpus text that way (the analysis layer does), so
 * that instructions around it are not scored as if they were the speech.
 */
export function textToScore(call: AdapterCall): string {
  const last = [...call.messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const wrapped = /<text>([\s\S]*?)<\/text>/.exec(last);
  return wrapped?.[1] ?? last;
}

/** VADER (Hutto & Gilbert 2014): `score` is its compound valence, already on -1..1. */
function scoreVader(text: string): Record<string, number> {
  const s = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return { score: s.compound, compound: s.compound, pos: s.pos, neu: s.neu, neg: s.neg };
}

const afinn = new Sentiment();

/**
 * AFINN-165 (Nielsen 2011): words rated -5..5. `comparative` is the sum per token; dividing by 5
 * puts it on -1..1 (`score`), comparable in range with VADER. The raw sum is kept as `sum`.
 */
function scoreAfinn(text: string): Record<string, number> {
  const r = afinn.analyze(text);
  const normalized = Math.max(-1, Math.min(1, r.comparative / 5));
  return { score: normalized, sum: r.score, comparative: r.comparative, tokens: r.tokens.length, scoredWords: r.words.length };
}

const SCORERS: Record<(typeof LOCAL_MODELS)[number], (text: string) => Record<string, number>> = {
  vader: scoreVader,
  afinn: scoreAfinn,
};

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Price source for a free local instrument: the scoring package and its version. */
export function localPriceSource(model: string): { name: string; version: string } {
  const pkg = model === "vader" ? "vader-sentiment" : "sentiment";
  return { name: "local", version: `${pkg}@${packageVersion(pkg)}` };
}

/**
 * Keyless local models: real lexicon instruments researchers use as baselines. They answer with
 * their own fields whatever schema was asked for (they cannot follow a framework); `score` is on
 * -1..1 for both.
 */
export function createLocalAdapter(): ProviderAdapter {
  return {
    provider: "local",
    async send(call: AdapterCall): Promise<AdapterResult> {
      if (call.signal.aborted) throw new AbortedError(`The call to local/${call.model}`);
      const scorer = SCORERS[call.model as keyof typeof SCORERS];
      if (!scorer) throw new UnknownModelError(`local/${call.model}`, LOCAL_MODELS.map((m) => `local/${m}`));
      const text = textToScore(call);
      const json = scorer(text);
      return {
        text: JSON.stringify(json),
        json,
        finishReason: "stop",
        usage: { inputTokens: countTokens(text), cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
      };
    },
  };
}
