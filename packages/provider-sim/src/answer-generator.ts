import { answerForSchema } from "./json-schema-answer.js";
import { mulberry32, seedFrom, unitFrom } from "./prng.js";
import { countTokens, truncateTokens } from "@discernus/tokenizer";

export interface AnswerRequest {
  seed: number;
  model: string;
  /** The whole request, canonical: same request, same answer. */
  requestKey: string;
  /** The last user message: its hash gives the synthetic "true scores" all models share. */
  text: string;
  /** 0..1: how far this model strays from the true scores. */
  noise: number;
  /** max_tokens / max_completion_tokens: reasoning and answer together. */
  maxTokens: number;
  /** A reasoning model's effort (OpenAI reasoning_effort); absent for other models. */
  reasoningEffort?: ReasoningEffort;
  answerTokens: number;
  schema?: Record<string, unknown>;
  /** Put before every quote (see SimModel.markup). */
  markup?: string;
  /** The model's revision (see SimModel.revision); 0 or absent: the original answers. */
  revision?: number;
}

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export interface Answer {
  text: string;
  /** Hidden reasoning before the text; counted in completion_tokens as OpenAI does. */
  reasoningTokens: number;
  /** The parsed value, when a schema was asked for and the answer was not cut. */
  json?: unknown;
  outputTokens: number;
  /** Cut by max_tokens: finish_reason "length" / stop_reason "max_tokens". */
  truncated: boolean;
}

const pick = <T>(list: readonly T[], random: () => number): T =>
  list[Math.floor(random() * list.length)] as T;

const OPENERS = [
  "In its opening lines",
  "Throughout",
  "By contrast",
  "Later on",
  "At its core",
  "Taken as a whole",
];
const SUBJECTS = ["the text", "the speaker", "the author", "the passage", "the address", "the argument"];
const VERBS = [
  "emphasises",
  "returns to",
  "questions",
  "defends",
  "frames",
  "weighs",
  "celebrates",
  "criticises",
];
const OBJECTS = [
  "national unity",
  "economic security",
  "the role of government",
  "shared responsibility",
  "public trust",
  "the cost of inaction",
  "individual liberty",
  "the duties of citizens",
  "recent reforms",
  "the promise of growth",
];
const MANNERS = [
  "with measured confidence",
  "in plain terms",
  "at some length",
  "with evident urgency",
  "through concrete examples",
];
const ADJECTIVES = [
  "measured",
  "hopeful",
  "firm",
  "combative",
  "conciliatory",
  "sober",
  "optimistic",
  "cautious",
];
const PURPOSES = [
  "make its case",
  "rally support",
  "reassure its audience",
  "mark a turning point",
  "set out priorities",
];
const QUOTE_FORMS = [
  (q: string) => `The text says "${q}".`,
  (q: string) => `It speaks of "${q}".`,
  (q: string) => `"${q}" sets the tone.`,
];

/** Short runs of the text's own words, for sentences and string fields that quote it. */
function quoter(text: string, random: () => number): () => string {
  const words = text
    .replace(/<[^>]{0,40}>/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean);
  return () => {
    if (words.length === 0) return "nothing to quote";
    const start = Math.floor(random() * Math.max(1, words.length - 3));
    return words.slice(start, start + 2 + Math.floor(random() * 4)).join(" ");
  };
}

function sentence(random: () => number, quote: () => string): string {
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  switch (Math.floor(random() * 4)) {
    case 0:
      return `${capital(pick(SUBJECTS, random))} ${pick(VERBS, random)} ${pick(OBJECTS, random)} ${pick(MANNERS, random)}.`;
    case 1:
      return `${pick(OPENERS, random)}, ${pick(SUBJECTS, random)} ${pick(VERBS, random)} ${pick(OBJECTS, random)}.`;
    case 2:
      return `It quotes "${quote()}" to ${pick(PURPOSES, random)}.`;
    default:
      return `The tone is ${pick(ADJECTIVES, random)} and ${pick(ADJECTIVES, random)}.`;
  }
}

// Typical reasoning lengths per effort; OpenAI reports reasoning tokens in multiples of 64.
const REASONING_TOKENS: Record<ReasoningEffort, number> = { minimal: 0, low: 128, medium: 448, high: 1536 };

function drawReasoning(effort: ReasoningEffort | undefined, random: () => number): number {
  if (effort === undefined) return 0;
  return Math.round((REASONING_TOKENS[effort] * (0.5 + random())) / 64) * 64;
}

/** The text within a token budget: whole, or cut (then it is truncated). */
function fit(text: string, maxTokens: number, reasoningTokens: number, json?: unknown): Answer {
  const tokens = countTokens(text);
  if (tokens <= maxTokens)
    return {
      text,
      ...(json === undefined ? {} : { json }),
      reasoningTokens,
      outputTokens: tokens,
      truncated: false,
    };
  const cut = truncateTokens(text, maxTokens);
  return { text: cut.text, reasoningTokens, outputTokens: cut.tokens, truncated: true };
}

/** A symmetric draw in -1..1, peaked at 0 (the mean of two uniforms): most answers stray a little. */
const triangular = (random: () => number) => random() + random() - 1;

/**
 * Deterministic answers. Free text: plausible sentences of about `answerTokens` tokens, cut at
 * max_tokens. JSON: schema-valid, each numeric field from the text's true score for that field
 * (shared by every model and seed) plus this model's noise, clipped to the field's range.
 */
export function generateAnswer(req: AnswerRequest): Answer {
  // Revision 0 keeps the original stream, so that recorded answers stay byte-identical.
  const revision = req.revision ?? 0;
  const streamSeed =
    revision === 0
      ? seedFrom(req.seed, req.model, req.requestKey)
      : seedFrom(req.seed, req.model, `revision ${revision}`, req.requestKey);
  const random = mulberry32(streamSeed);
  const plainQuote = quoter(req.text, random);
  const quote = req.markup === undefined ? plainQuote : () => `${req.markup} ${plainQuote()}`;
  // A reasoning model thinks first; reasoning and answer share max_completion_tokens, and a budget
  // spent on reasoning leaves an empty, truncated answer (as OpenAI's o-series do).
  const reasoningTokens = Math.min(req.maxTokens, drawReasoning(req.reasoningEffort, random));
  const budget = req.maxTokens - reasoningTokens;
  if (req.schema) {
    const score = (path: string) =>
      Math.min(1, Math.max(0, unitFrom("truth", path, req.text) + req.noise * triangular(random)));
    const json = answerForSchema(req.schema, {
      score,
      random,
      quote: () => pick(QUOTE_FORMS, random)(quote()),
    });
    return fit(JSON.stringify(json), budget, reasoningTokens, json);
  }
  // Stop at the end of the sentence that reaches the target, estimating ~1.3 tokens a word (this
  // vocabulary in o200k); one exact count at the end.
  const target = Math.max(1, Math.round(req.answerTokens * (0.7 + random() * 0.6)));
  const sentences: string[] = [];
  let estimate = 0;
  while (estimate < target) {
    const s = sentence(random, quote);
    sentences.push(s);
    estimate += s.split(" ").length * 1.3;
  }
  return fit(sentences.join(" "), budget, reasoningTokens);
}
