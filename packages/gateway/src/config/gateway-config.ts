import type { ModelPrice } from "../types.js";

/**
 * The gateway's configuration (the `gateway` part of discernus.config.json). Keys are never in
 * here: a provider names the environment variable that holds its key.
 */
export interface GatewayConfig {
  providers: Record<string, ProviderConfig>;
  /** Aliases and per-model settings, keyed by alias or by `"<provider>/<model>"`. */
  models?: Record<string, ModelConfig>;
  budget?: { capUsd: number };
  retry?: RetryConfig;
  /** Calls in flight at once to each model. Default 16. */
  concurrency?: number;
  /** Used when a request gives no maxTokens. Default 1024. */
  defaultMaxTokens?: number;
}

export type ProviderKind = "openai" | "anthropic" | "openai-compatible" | "local";

export interface ProviderConfig {
  kind: ProviderKind;
  /** Required for openai-compatible; optional for openai and anthropic (their public endpoints). */
  baseUrl?: string;
  /** Name of the environment variable holding the key. Not used by `local`. */
  apiKeyEnv?: string;
  /** Per-attempt timeout. Default 60,000 ms. */
  timeoutMs?: number;
  /** Known limits per provider model id (`"*"` for all models), used before headers teach better. */
  limits?: Record<string, RateLimitConfig>;
  /** Marks provider-sim (or any stand-in): responses and costs carry `simulated: true`. */
  simulated?: boolean;
}

export interface RateLimitConfig {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  inputTokensPerMinute?: number;
  outputTokensPerMinute?: number;
}

export interface ModelConfig {
  /** For an alias: the provider and the provider's model id it stands for. */
  provider?: string;
  model?: string;
  contextWindow?: number;
  /** Overrides the price catalog; required for models the catalog does not know. */
  price?: ModelPrice;
  /** Models (aliases or qualified names) tried in order when this one fails with a fallback-worthy error. */
  fallbacks?: string[];
}

export interface RetryConfig {
  /** Retries per model before falling back. Default 4. */
  maxRetries?: number;
  /** Default 500 ms. */
  baseDelayMs?: number;
  /** Default 30,000 ms. */
  maxDelayMs?: number;
}
