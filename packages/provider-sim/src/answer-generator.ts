import { answerForSchema } from "./json-schema-answer.js";
import { mulberry32, seedFrom } from "./prng.js";
import { truncateTokens } from "./tokenizer.js";

const WORDS =
  "the address weighs union liberty commerce and duty while the nation looks to its people for courage restraint and common purpose in hard times and good ones alike the tone is measured hopeful firm and plain".split(
    " ",
  );

export interface AnswerRequest {
  seed: number;
  model: string;
  /** The whole request, canonical: same request, same answer. */
  requestKey: string;
  /** The last user message: its hash is the synthetic "true score" all models share. */
  text: string;
  noise: number;
  maxTokens: number;
  answerTokens: number;
  schema?: Record<string, unknown>;
}

export interface Answer {
  text: string;
  json?: unknown;
  outputTokens: number;
  truncated: boolean;
}

/** Words of the text, for string fields that quote it. */
function quoter(text: string, random: () => number): () => string {
  const words = text
    .replace(/<\/?text>/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  return () => {
    if (words.length === 0) return "no text";
    const start = Math.floor(random() * Math.max(1, words.length - 6));
    return words.slice(start, start + 3 + Math.floor(random() * 4)).join(" ");
  };
}

/**
 * Deterministic answers. Free text: plausible sentences of about `answerTokens` tokens, cut at
 * max_tokens. JSON: schema-valid, with numbers from the text's true score (shared by every model)
 * plus this model's noise, clipped to the field's range.
 */
export function generateAnswer(req: AnswerRequest): Answer {
  const random = mulberry32(seedFrom(req.seed, req.model, req.requestKey));
  const truth = mulberry32(seedFrom(req.seed, "truth", req.text))();
  const score = () => Math.min(1, Math.max(0, truth + req.noise * (random() * 2 - 1)));
  if (req.schema) {
    const json = answerForSchema(req.schema, { score, random, quote: quoter(req.text, random) });
    const full = JSON.stringify(json);
    const cut = truncateTokens(full, req.maxTokens);
    return cut.text === full
      ? { text: full, json, outputTokens: cut.tokens, truncated: false }
      : { text: cut.text, outputTokens: cut.tokens, truncated: true };
  }
  const target = Math.max(1, Math.round(req.answerTokens * (0.7 + random() * 0.6)));
  const words: string[] = [];
  // Roughly one token per word here; the tokenizer has the last word below.
  while (words.length < target + 8) {
    const sentence = Array.from(
      { length: 6 + Math.floor(random() * 8) },
      () => WORDS[Math.floor(random() * WORDS.length)] ?? "and",
    );
    words.push(...sentence.slice(0, -1), `${sentence.at(-1)}.`);
  }
  const draft = words.join(" ").replace(/(^|\. )([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
  const limited = truncateTokens(draft, Math.min(target, req.maxTokens));
  return { text: limited.text, outputTokens: limited.tokens, truncated: target > req.maxTokens };
}
