import { getEncoding, type Tiktoken } from "js-tiktoken";
import type { ChatMessage, JsonSchemaFormat } from "../types.js";

let encoder: Tiktoken | undefined;

/** o200k_base, built once on first use (building it takes ~100 ms). */
function encoding(): Tiktoken {
  encoder ??= getEncoding("o200k_base");
  return encoder;
}

export function countTokens(text: string): number {
  return encoding().encode(text).length;
}

/** OpenAI's documented chat framing: a few tokens per message plus the reply's priming. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
/**
 * Other providers tokenize differently (Claude's tokenizer counts English some 10-20% higher
 * than o200k). The budget reserves the worst case from this figure, so it leans high.
 */
const OTHER_PROVIDER_MARGIN = 1.2;

export function estimateTokens(
  messages: readonly ChatMessage[],
  options: { provider: string; responseFormat?: JsonSchemaFormat },
): number {
  let tokens = REPLY_PRIMING;
  for (const m of messages) tokens += TOKENS_PER_MESSAGE + countTokens(m.content);
  if (options.responseFormat) tokens += countTokens(JSON.stringify(options.responseFormat.schema)) + 10;
  return options.provider === "openai" || options.provider === "openai-compatible" || options.provider === "local"
    ? tokens
    : Math.ceil(tokens * OTHER_PROVIDER_MARGIN);
}
