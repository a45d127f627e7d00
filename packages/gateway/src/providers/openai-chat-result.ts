import type { ChatCompletion } from "openai/resources/chat/completions/completions";
import { ProviderError } from "../errors.js";
import type { TokenUsage } from "../types.js";
import { parseJsonOutput } from "./parse-json-output.js";
import type { AdapterResult, ModelCall } from "./provider-adapter.js";

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** What an answer says, apart from the transport (headers, request id). */
export type ChatOutput = Pick<AdapterResult, "text" | "json" | "finishReason" | "usage">;

/** OpenAI's prompt_tokens include cached ones and completion_tokens include reasoning: split them. */
export function normalizeOpenAIUsage(usage: OpenAIUsage): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage.prompt_tokens ?? 0) - cached),
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    outputTokens: Math.max(0, (usage.completion_tokens ?? 0) - reasoning),
    reasoningTokens: reasoning,
  };
}

/** Text, usage and structured output of an answer, streamed or not; refuses one without usage. */
export function openAIChatOutput(
  call: ModelCall,
  provider: string,
  text: string,
  finishReason: string,
  usage: OpenAIUsage | null | undefined,
): ChatOutput {
  if (!usage) {
    throw new ProviderError(
      "malformed_response",
      provider,
      `${provider}/${call.model} answered without token usage, so its cost cannot be known. ` +
        `Use a server that reports usage (for streaming: stream_options.include_usage).`,
      { retryable: false },
    );
  }
  const output: ChatOutput = { text, finishReason, usage: normalizeOpenAIUsage(usage) };
  if (call.responseFormat) output.json = parseJsonOutput(text, finishReason, provider, call.model);
  return output;
}

/** A whole (non-streamed) chat completion, as an interactive call or a batch output line holds it. */
export function readChatCompletion(
  completion: ChatCompletion,
  call: ModelCall,
  provider: string,
): ChatOutput {
  const choice = completion.choices?.[0];
  if (!choice) {
    throw new ProviderError(
      "malformed_response",
      provider,
      `${provider}/${call.model} answered with no choices.`,
      {
        retryable: true,
      },
    );
  }
  return openAIChatOutput(
    call,
    provider,
    choice.message?.content ?? "",
    choice.finish_reason ?? "unknown",
    completion.usage,
  );
}
