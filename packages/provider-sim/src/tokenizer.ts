import { getEncoding, type Tiktoken } from "js-tiktoken";

let encoder: Tiktoken | undefined;

/**
 * o200k_base (GPT-4o's encoding), built once. Used for Anthropic models too: Claude's tokenizer is
 * not public, and o200k is a close stand-in for English text.
 */
export function encoding(): Tiktoken {
  encoder ??= getEncoding("o200k_base");
  return encoder;
}

export function countTokens(text: string): number {
  return encoding().encode(text).length;
}

/** The first `n` tokens of a text, as text. */
export function truncateTokens(text: string, n: number): { text: string; tokens: number } {
  const tokens = encoding().encode(text);
  if (tokens.length <= n) return { text, tokens: tokens.length };
  return { text: encoding().decode(tokens.slice(0, n)), tokens: n };
}
