import { ProviderError } from "../errors.js";

/**
 * Structured output that does not parse is a provider fault, not a result. It is worth another
 * attempt unless the answer was cut by maxTokens: the same request would be cut again.
 */
export function parseJsonOutput(
  text: string,
  finishReason: string,
  provider: string,
  model: string,
): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const truncated = finishReason === "length" || finishReason === "max_tokens";
    throw new ProviderError(
      "malformed_response",
      provider,
      truncated
        ? `${provider}/${model} ran out of maxTokens before finishing its JSON answer; raise maxTokens.`
        : `${provider}/${model} was asked for JSON but answered text that does not parse (${text.length} chars).`,
      { retryable: !truncated, cause },
    );
  }
}
