import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer, ReasoningEffort } from "./answer-generator.js";
import type { ErrorReply, ErrorSpec } from "./error-spec.js";
import type { LimitBuckets } from "./limit-buckets.js";
import type { PromptBlock } from "./prompt-cache.js";
import type { ResolvedModel } from "./sim-config.js";
import type { StreamTiming } from "./latency-model.js";

/** A request as both wire protocols reduce it. */
export interface ParsedRequest {
  model: string;
  stream: boolean;
  /** OpenAI stream_options.include_usage: a last chunk with usage. */
  includeUsage: boolean;
  /** Output cap: the request's max_tokens, else a default. */
  maxTokens: number;
  /** The max_tokens the request gave, counted toward the context window and TPM. */
  maxTokensGiven: number | undefined;
  /** Which parameter carried it (OpenAI's reasoning models refuse max_tokens). */
  maxTokensParam?: "max_tokens" | "max_completion_tokens";
  temperature?: number;
  reasoningEffort?: ReasoningEffort;
  /** Every prompt token, cached or not. */
  promptTokens: number;
  /** What the prompt cache works on: OpenAI's token ids, or Anthropic's blocks. */
  cache?:
    { kind: "automatic"; ids: () => readonly number[] } | { kind: "breakpoints"; blocks: PromptBlock[] };
  lastUserText: string;
  /** A JSON schema the answer must satisfy: OpenAI response_format, or Anthropic's forced tool. */
  schema?: Record<string, unknown>;
  /** Anthropic: the forced tool's name. OpenAI: the json_schema name. */
  schemaName?: string;
  /** The request, canonical, for deterministic answers. */
  requestKey: string;
}

export interface Usage {
  /** Every prompt token, cached or not. */
  promptTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Visible output. */
  outputTokens: number;
  reasoningTokens: number;
}

/** One response being written: everything a protocol needs to shape it. */
export interface Reply {
  res: ServerResponse;
  request: ParsedRequest;
  answer: Answer;
  usage: Usage;
  /** Request id and rate-limit headers. */
  headers: Record<string, string>;
  /** chatcmpl-… / msg_… */
  id: string;
}

/** What a JSON response says, apart from where it is written: a batch item's body is the same. */
export type ReplyContent = Omit<Reply, "res" | "headers">;

export interface StreamPlan extends StreamTiming {
  /** Destroy the socket halfway through the content (a mid-stream cut). */
  cut?: boolean;
}

export interface Protocol {
  provider: "openai" | "anthropic";
  /** The key the request carries, or undefined when it carries none. */
  apiKey(req: IncomingMessage): string | undefined;
  parse(body: unknown): ParsedRequest | { error: string; param?: string };
  /** Refusals that depend on the model (OpenAI's reasoning models refuse some parameters). */
  check(request: ParsedRequest, model: ResolvedModel): ErrorSpec | undefined;
  error(spec: ErrorSpec, requestId: string): ErrorReply;
  rateLimitHeaders(buckets: LimitBuckets, now: number): Record<string, string>;
  retryAfterHeaders(ms: number): Record<string, string>;
  requestIdHeader(id: string): Record<string, string>;
  newId(random: () => number): string;
  /** A 200 whose body is cut short, as a proxy failing mid-body produces. */
  malformedBody(model: string, stream: boolean): string;
  /** The body of a non-streamed answer (a chat.completion / a message). */
  responseBody(reply: ReplyContent): unknown;
  writeJson(reply: Reply): void;
  /** Resolves when the stream has ended or was cut. */
  writeStream(reply: Reply, plan: StreamPlan): Promise<void>;
}
