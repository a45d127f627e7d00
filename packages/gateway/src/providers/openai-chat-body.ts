import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions/completions";
import type { ModelCall } from "./provider-adapter.js";

/**
 * OpenAI itself wants `max_completion_tokens` (reasoning models refuse `max_tokens`); most
 * OpenAI-compatible servers (Ollama, vLLM, Gemini's endpoint) know only `max_tokens`.
 */
export type MaxTokensParam = "max_completion_tokens" | "max_tokens";

/**
 * The chat-completions body of one call, without `stream`: interactive attempts add it, batch
 * input lines carry the body as is. One builder, so a batch item asks exactly what a call would.
 */
export function buildChatCompletionBody(
  call: ModelCall,
  maxTokensParam: MaxTokensParam,
): ChatCompletionCreateParamsBase {
  const params: ChatCompletionCreateParamsBase = {
    model: call.model,
    messages: call.messages.map((m) => ({ role: m.role, content: m.content })),
    [maxTokensParam]: call.maxTokens,
  };
  if (call.temperature !== undefined) params.temperature = call.temperature;
  if (call.topP !== undefined) params.top_p = call.topP;
  if (call.seed !== undefined) params.seed = call.seed;
  if (call.responseFormat) {
    params.response_format = {
      type: "json_schema",
      json_schema: {
        name: call.responseFormat.name,
        schema: call.responseFormat.schema,
        strict: true,
        ...(call.responseFormat.description ? { description: call.responseFormat.description } : {}),
      },
    };
  }
  return params;
}
