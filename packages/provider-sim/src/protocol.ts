import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./answer-generator.js";
import type { RateLimitBucket } from "./rate-limit-bucket.js";

/** A request as both protocols reduce to it. */
export interface ParsedRequest {
  model: string;
  stream: boolean;
  maxTokens: number;
  /** Every prompt token, cached or not. */
  promptTokens: number;
  /** Prefix eligible for the prompt cache: OpenAI's automatic one (token ids) or Anthropic's cache_control block. */
  cachePrefix?:
    { kind: "automatic"; tokens: number[] } | { kind: "breakpoint"; hash: string; tokens: number };
  lastUserText: string;
  schema?: Record<string, unknown>;
  /** Anthropic: the forced tool's name. OpenAI: the json_schema name. */
  schemaName?: string;
  /** The request, canonical, for deterministic answers. */
  requestKey: string;
}

export interface Usage {
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export type ErrorKind =
  | "auth"
  | "not_found"
  | "bad_request"
  | "context_length"
  | "rate_limit_requests"
  | "rate_limit_tokens"
  | "rate_limit_input"
  | "rate_limit_output"
  | "server_500"
  | "server_502"
  | "server_503"
  | "overloaded";

export interface LimitBuckets {
  requests?: RateLimitBucket;
  tokens?: RateLimitBucket;
  inputTokens?: RateLimitBucket;
  outputTokens?: RateLimitBucket;
}

export interface StreamPlan {
  /** Delay between content chunks. */
  chunkDelayMs: number;
  /** Destroy the socket after this many content chunks (a mid-stream cut). */
  cutAfterChunks?: number;
}

export interface Protocol {
  provider: "openai" | "anthropic";
  apiKey(req: IncomingMessage): string | undefined;
  parse(body: unknown): ParsedRequest | { error: string };
  error(
    kind: ErrorKind,
    detail: {
      model?: string;
      key?: string;
      message?: string;
      limit?: number;
      used?: number;
      retryAfterMs?: number;
      promptTokens?: number;
      contextWindow?: number;
    },
  ): {
    status: number;
    body: unknown;
  };
  rateLimitHeaders(buckets: LimitBuckets, now: number): Record<string, string>;
  retryAfterHeaders(ms: number): Record<string, string>;
  requestIdHeader(id: string): Record<string, string>;
  /** A 200 whose body is cut short, as a proxy failing mid-body produces. */
  malformedBody(model: string): string;
  writeJson(
    res: ServerResponse,
    req: ParsedRequest,
    answer: Answer,
    usage: Usage,
    headers: Record<string, string>,
    id: string,
  ): void;
  writeStream(
    res: ServerResponse,
    req: ParsedRequest,
    answer: Answer,
    usage: Usage,
    headers: Record<string, string>,
    id: string,
    plan: StreamPlan,
  ): Promise<void>;
}
