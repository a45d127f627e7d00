import type { TokenUsage } from "@discernus/gateway";
import type { StoredMessage, StoredRequest, StoredResponse } from "../records/ledger-records.js";

/**
 * The ledger's values under their OpenTelemetry GenAI semantic-convention names
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/), shared by the OTLP spans and the PROV-JSON
 * document so that both say the same thing under the same names.
 */

/**
 * Our provider names (the keys of discernus.config.json) as the convention's well-known
 * `gen_ai.provider.name` values; a name the convention does not list passes through as it is.
 */
const WELL_KNOWN_PROVIDER: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "gcp.gemini",
  gemini: "gcp.gemini",
  "google-gemini": "gcp.gemini",
  vertex: "gcp.vertex_ai",
  "google-vertex": "gcp.vertex_ai",
  mistral: "mistral_ai",
  groq: "groq",
  deepseek: "deepseek",
  xai: "x_ai",
  "x-ai": "x_ai",
  grok: "x_ai",
  cohere: "cohere",
  perplexity: "perplexity",
  bedrock: "aws.bedrock",
  "aws-bedrock": "aws.bedrock",
  azure: "azure.ai.openai",
};

export function genAiProviderName(provider: string): string {
  return WELL_KNOWN_PROVIDER[provider] ?? provider;
}

/** `"openai/gpt-4o-mini"` -> `"openai"`; a name without a provider gives undefined. */
export function providerOf(resolvedModel: string): string | undefined {
  const slash = resolvedModel.indexOf("/");
  return slash > 0 ? resolvedModel.slice(0, slash) : undefined;
}

/**
 * `"openai/gpt-4o-mini"` -> `"gpt-4o-mini"`: the convention's model attributes hold the name the
 * provider knows (backends such as Langfuse price generations by it), not our routing id.
 */
export function modelNameOf(resolvedModel: string): string {
  const slash = resolvedModel.indexOf("/");
  return slash > 0 ? resolvedModel.slice(slash + 1) : resolvedModel;
}

export interface GenAiUsage {
  "gen_ai.usage.input_tokens": number;
  "gen_ai.usage.output_tokens": number;
  "gen_ai.usage.cache_read.input_tokens": number;
  "gen_ai.usage.cache_creation.input_tokens": number;
  "gen_ai.usage.reasoning.output_tokens": number;
}

/**
 * Our token kinds are disjoint (see TokenUsage); the convention's totals are not: input_tokens
 * "SHOULD include all types of input tokens, including cached tokens" and cache writes, and
 * output_tokens includes reasoning tokens. The parts keep their own convention names.
 */
export function genAiUsage(usage: TokenUsage): GenAiUsage {
  return {
    "gen_ai.usage.input_tokens": usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens,
    "gen_ai.usage.output_tokens": usage.outputTokens + usage.reasoningTokens,
    "gen_ai.usage.cache_read.input_tokens": usage.cachedInputTokens,
    "gen_ai.usage.cache_creation.input_tokens": usage.cacheWriteTokens,
    "gen_ai.usage.reasoning.output_tokens": usage.reasoningTokens,
  };
}

/** The request parameters the convention names; absent ones stay absent. */
export function genAiRequestParameters(request: StoredRequest): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {
    "gen_ai.request.max_tokens": request.maxTokens,
    "gen_ai.request.stream": request.stream,
    "gen_ai.output.type": request.responseFormat ? "json" : "text",
  };
  if (request.temperature !== undefined) out["gen_ai.request.temperature"] = request.temperature;
  if (request.topP !== undefined) out["gen_ai.request.top_p"] = request.topP;
  if (request.seed !== undefined) out["gen_ai.request.seed"] = request.seed;
  return out;
}

function hasText(message: StoredMessage): message is Extract<StoredMessage, { content: string }> {
  return "content" in message && typeof message.content === "string";
}

/**
 * `gen_ai.input.messages` as JSON text, in the convention's input-messages schema
 * (`[{role, parts: [{type: "text", content}]}]`). Undefined unless every message kept its text: a
 * hash-mode record has only digests, and a digest is not the message.
 */
export function genAiInputMessages(messages: readonly StoredMessage[]): string | undefined {
  if (!messages.every(hasText)) return undefined;
  return JSON.stringify(
    messages.map((m) => ({
      role: m.role,
      parts: [{ type: "text", content: (m as { content: string }).content }],
    })),
  );
}

/** `gen_ai.output.messages` as JSON text; undefined when the response kept no text (hash mode). */
export function genAiOutputMessages(response: StoredResponse): string | undefined {
  if (typeof response.text !== "string") return undefined;
  return JSON.stringify([
    {
      role: "assistant",
      parts: [{ type: "text", content: response.text }],
      finish_reason: response.finishReason,
    },
  ]);
}
