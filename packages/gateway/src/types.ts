/** The one request and response shape every provider is driven through. */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Structured output: OpenAI gets `response_format: json_schema`, Anthropic a forced tool call. */
export interface JsonSchemaFormat {
  type: "json_schema";
  name: string;
  schema: Record<string, unknown>;
  description?: string;
}

export interface GatewayRequest {
  /** `"<provider>/<model>"` or an alias from the config. */
  model: string;
  messages: ChatMessage[];
  /** Upper bound on output tokens; the budget reserves against it. Default: the config's `defaultMaxTokens`. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  responseFormat?: JsonSchemaFormat;
  stream?: boolean;
  /**
   * Ask the provider to cache the system prompt (Anthropic: a `cache_control` breakpoint; OpenAI
   * caches long prefixes by itself). Worth it when one framework prompt precedes many texts.
   */
  cacheSystemPrompt?: boolean;
  /** Overrides the model's fallback chain from the config. `[]` disables fallbacks. */
  fallbacks?: string[];
  /** Skip the cache lookup (the answer is still stored). */
  fresh?: boolean;
  signal?: AbortSignal;
  /** Free-form labels carried into events (run id, item id...). Not sent to the provider. */
  tags?: Record<string, string>;
}

/**
 * Token counts by billing kind. The kinds are disjoint, so cost = sum(kind x price(kind)):
 * `inputTokens` excludes cache reads and writes (OpenAI's prompt_tokens includes cached ones;
 * Anthropic's input_tokens does not: adapters normalise), `outputTokens` excludes reasoning.
 */
export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
});

/** Prices in USD per million tokens, as providers publish them. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Defaults to inputPerMTok when the provider has no cache discount. */
  cachedInputPerMTok?: number;
  /** Defaults to inputPerMTok. */
  cacheWritePerMTok?: number;
  /** Defaults to outputPerMTok (providers bill reasoning as output). */
  reasoningPerMTok?: number;
  /**
   * Dearer rates for long prompts (e.g. above 200k tokens), ascending: a call whose prompt
   * (input + cached + cache write) exceeds `aboveInputTokens` is billed wholly at that tier.
   */
  tiers?: { aboveInputTokens: number; price: Omit<ModelPrice, "tiers"> }[];
}

export interface PriceSource {
  /** `"@pydantic/genai-prices"`, `"config"` or `"local"` (keyless models, free by nature). */
  name: string;
  version: string;
}

/**
 * Money is integer nano-dollars (1e-9 USD): sums of 100,000 calls do not drift, and a price with up
 * to three decimals per million tokens is exact. Each kind is rounded to the nearest nano-dollar.
 */
export interface CostBreakdown {
  totalNanoUsd: number;
  byKind: Record<keyof TokenUsage, number>;
  source: PriceSource;
  /** Set when a provider discount was applied (Batch APIs: 0.5). */
  discount?: number;
}

export interface AttemptRecord {
  attempt: number;
  provider: string;
  model: string;
  startedAt: number;
  latencyMs: number;
  outcome: "ok" | import("./errors.js").DiscernusErrorCode;
  status?: number;
  message?: string;
  retryAfterMs?: number;
  /** Time spent waiting for rate-limit admission before this attempt. */
  queuedMs: number;
}

export interface GatewayResponse {
  callId: string;
  /** The model that answered (after fallbacks), as `"<provider>/<model>"`. */
  model: string;
  provider: string;
  /** The model asked for, as the caller named it. */
  requestedModel: string;
  text: string;
  /** Parsed structured output when a responseFormat was given (JSON text or the tool call's input). */
  json?: unknown;
  finishReason: string;
  usage: TokenUsage;
  cost: CostBreakdown;
  attempts: AttemptRecord[];
  /** Every model tried, in order; more than one entry means a fallback happened. */
  route: string[];
  cacheKey: string;
  cached: boolean;
  latencyMs: number;
  providerRequestId?: string;
  /** True when the answering provider is marked `simulated` in the config (provider-sim). */
  simulated: boolean;
  /**
   * Set when a reproduction answered the call from the recorded ledger (GatewayOptions.replaySource):
   * the id of the recorded call, whose answer, usage, cost and latency this repeats. Nothing was sent.
   */
  replayOf?: string;
  /** The provider batch whose item this answer was, when it is a replay of one (`replayOf`) or served from the ledger. */
  batchId?: string;
}

/** One limit window as a provider reports it. */
export interface LimitWindow {
  limit: number;
  remaining: number;
  /** Milliseconds from `observedAt` until the window is fully replenished. */
  resetMs: number;
}

/** Rate-limit state learned from one response's headers, normalised across providers. */
export interface RateLimitSnapshot {
  observedAt: number;
  requests?: LimitWindow;
  /** Total tokens (OpenAI), or Anthropic's combined token limit. */
  tokens?: LimitWindow;
  inputTokens?: LimitWindow;
  outputTokens?: LimitWindow;
}

export type GatewayEvent =
  | {
      type: "queued";
      at: number;
      callId: string;
      model: string;
      estimatedTokens: number;
      tags?: Record<string, string>;
    }
  | { type: "rate_limit_wait"; at: number; callId: string; model: string; waitMs: number; reason: string }
  | { type: "sent"; at: number; callId: string; model: string; attempt: number }
  | { type: "rate_limit"; at: number; provider: string; model: string; snapshot: RateLimitSnapshot }
  | {
      type: "retry";
      at: number;
      callId: string;
      model: string;
      attempt: number;
      code: string;
      message: string;
      delayMs: number;
    }
  | { type: "fallback"; at: number; callId: string; from: string; to: string; code: string }
  | {
      type: "budget";
      at: number;
      callId: string;
      action: "reserve" | "settle" | "release" | "refused";
      amountNanoUsd: number;
      spentNanoUsd: number;
      reservedNanoUsd: number;
      capNanoUsd: number | null;
    }
  | { type: "cache_hit"; at: number; callId: string; cacheKey: string; response: GatewayResponse }
  | { type: "done"; at: number; callId: string; response: GatewayResponse }
  | {
      type: "failed";
      at: number;
      callId: string;
      model: string;
      code: string;
      message: string;
      attempts: AttemptRecord[];
      /** What failed attempts spent (a stream cut after tokens were produced is still billed). */
      costNanoUsd: number;
    };
