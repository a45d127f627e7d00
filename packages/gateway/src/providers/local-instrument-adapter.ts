import { AbortedError, UnknownModelError } from "../errors.js";
import { countTokens } from "../pricing/count-tokens.js";
import { scoredText } from "./local-scored-text.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";

/** What a lexicon instrument returns: its own fields, with `score` on -1..1 for every instrument. */
export type InstrumentScores = { score: number } & Record<string, number>;

/**
 * A ProviderAdapter around a synchronous scoring function: no key, no network, no cost.
 *
 * - The text scored is chosen by scoredText (the <text> block of the last user message).
 * - `usage.inputTokens` is the o200k_base count of that text (the count estimateTokens uses, without
 *   chat framing, since nothing is framed); output tokens are 0.
 * - A `responseFormat` is not followed: an instrument cannot fill a framework's fields, so it answers
 *   with its own (`json` and the JSON `text`), whatever schema was asked for. The analysis layer
 *   reads `score` from it.
 * - The signal is checked before and after scoring (scoring itself is synchronous and short).
 */
export function createInstrumentAdapter(
  modelId: string,
  score: (text: string) => InstrumentScores,
): ProviderAdapter {
  return {
    provider: "local",
    async send(call: AdapterCall): Promise<AdapterResult> {
      if (call.model !== modelId) throw new UnknownModelError(`local/${call.model}`, [`local/${modelId}`]);
      if (call.signal.aborted) throw new AbortedError(`The call to local/${modelId}`);
      const text = scoredText(call.messages);
      const json = score(text);
      if (call.signal.aborted) throw new AbortedError(`The call to local/${modelId}`);
      return {
        text: JSON.stringify(json),
        json,
        finishReason: "stop",
        usage: {
          inputTokens: countTokens(text),
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
        },
      };
    },
  };
}
