import type { Message } from "@anthropic-ai/sdk/resources/messages/messages";
import type { TokenUsage } from "../types.js";
import type { ChatOutput } from "./openai-chat-result.js";
import { parseJsonOutput } from "./parse-json-output.js";
import type { ModelCall } from "./provider-adapter.js";

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Anthropic's input_tokens already exclude cache reads and writes, so the kinds map one to one. */
export function normalizeAnthropicUsage(usage: AnthropicUsage): TokenUsage {
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: 0,
  };
}

/**
 * Text, usage and structured output of an answer, streamed or not. Structured output comes as the
 * forced tool call's input (`toolInput` when whole, `toolJsonText` when streamed as JSON pieces).
 */
export function anthropicMessageOutput(
  call: ModelCall,
  provider: string,
  parts: { text: string; toolInput?: unknown; toolJsonText?: string | undefined },
  stopReason: string,
  usage: AnthropicUsage,
): ChatOutput {
  const output: ChatOutput = {
    text: parts.text,
    finishReason: stopReason,
    usage: normalizeAnthropicUsage(usage),
  };
  if (call.responseFormat) {
    if (parts.toolInput !== undefined) {
      output.json = parts.toolInput;
      output.text = JSON.stringify(parts.toolInput);
    } else {
      // No tool call: parse whatever text came (a model may answer JSON as text).
      const text = parts.toolJsonText ?? parts.text;
      output.json = parseJsonOutput(text, stopReason, provider, call.model);
      output.text = text;
    }
  }
  return output;
}

/** A whole (non-streamed) message, as an interactive call or a batch result holds it. */
export function readMessage(message: Message, call: ModelCall, provider: string): ChatOutput {
  let text = "";
  let toolInput: unknown;
  for (const block of message.content ?? []) {
    if (block.type === "text") text += block.text;
    if (block.type === "tool_use") toolInput = block.input;
  }
  return anthropicMessageOutput(
    call,
    provider,
    { text, toolInput },
    message.stop_reason ?? "unknown",
    message.usage ?? {},
  );
}
