import type { ChatMessage, JsonSchemaFormat, RateLimitSnapshot, TokenUsage } from "../types.js";

/** What the gateway hands an adapter for one attempt: the provider's own model id, all limits resolved. */
export interface AdapterCall {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  responseFormat?: JsonSchemaFormat;
  stream: boolean;
  cacheSystemPrompt?: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * What a request body is built from: the same for an interactive attempt and a batch item, so that
 * both paths send the provider the very same request.
 */
export type ModelCall = Omit<AdapterCall, "stream" | "timeoutMs" | "signal">;

export interface AdapterResult {
  text: string;
  /** Parsed structured output (OpenAI JSON content, Anthropic tool input). */
  json?: unknown;
  finishReason: string;
  usage: TokenUsage;
  rateLimit?: RateLimitSnapshot;
  providerRequestId?: string;
}

/**
 * One provider behind the gateway. `send` makes exactly one attempt (SDK retries off) and throws a
 * ProviderError (with any rate-limit snapshot attached) on failure; the gateway owns retries.
 */
export interface ProviderAdapter {
  readonly provider: string;
  send(call: AdapterCall): Promise<AdapterResult>;
}
