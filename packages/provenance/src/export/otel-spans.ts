import type { AttemptRecord, TokenUsage } from "@discernus/gateway";
import type { LedgerRecord } from "../ledger-format.js";
import type { CacheHitRecordFields, CallRecordFields } from "../records/ledger-records.js";
import {
  genAiInputMessages,
  genAiOutputMessages,
  genAiProviderName,
  genAiRequestParameters,
  genAiUsage,
  modelNameOf,
  providerOf,
} from "./gen-ai-attributes.js";
import { usdDecimal } from "./usd-decimal.js";

export type SpanAttributeValue = string | number | boolean | string[];

/**
 * A span to send, described as plain data: the OTLP exporter turns it into an SDK span, a test can
 * read it as it is. Times are the ledger's own, in epoch milliseconds, never the export's clock.
 */
export interface SpanDescription {
  /** `chat <model>` for calls and cache hits (GenAI span naming); `attempt <n> <model>` for attempts. */
  name: string;
  kind: "client" | "internal";
  startTimeMs: number;
  endTimeMs: number;
  attributes: Record<string, SpanAttributeValue>;
  /** Success leaves the status unset, as the OpenTelemetry status guidance asks of instrumentations. */
  status: { code: "unset" } | { code: "error"; message: string };
  /** The ledger seq of the record the span comes from (an attempt span: its call's). */
  seq: number;
  /** Set on attempt spans: the attempt's number in the call. */
  attempt?: number;
  /** The record's run tag: the spans of one run share one trace. */
  run?: string;
  /** Cache hits: the seq of the call whose answer was served, to link the two spans. */
  linkedSeq?: number;
  children: SpanDescription[];
}

export interface OtelSpanOptions {
  /**
   * Add `gen_ai.input.messages` and `gen_ai.output.messages` (full-mode records only; a hash-mode
   * record has no text to give). Off by default: texts are corpus data, and a tracing backend is
   * rarely where a corpus may go.
   */
  includeContent?: boolean;
  /** One child span per attempt (retries, fallbacks). Off by default: one span per call. */
  attemptSpans?: boolean;
}

type CallRecord = LedgerRecord & CallRecordFields;
type CacheHitRecord = LedgerRecord & CacheHitRecordFields;

const ZERO: TokenUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

/** The span of a `call` or `cache_hit` record; undefined for the record types that are not calls. */
export function ledgerRecordToSpan(
  record: LedgerRecord,
  options: OtelSpanOptions = {},
): SpanDescription | undefined {
  if (record.type === "call") return callRecordToSpan(record as CallRecord, options);
  if (record.type === "cache_hit") return cacheHitRecordToSpan(record as CacheHitRecord);
  return undefined;
}

/**
 * One call as a GenAI inference span (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/),
 * kind CLIENT, named `chat <model>`, from `timing.startedAt` to `startedAt + latencyMs`.
 */
export function callRecordToSpan(record: CallRecord, options: OtelSpanOptions = {}): SpanDescription {
  const { request, response, usage, cost, attempts } = record;
  const provider =
    response?.provider ?? attempts.at(-1)?.provider ?? providerOf(request.resolvedModel) ?? "unknown";
  const requestModel = modelNameOf(request.resolvedModel);
  const attributes: Record<string, SpanAttributeValue> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": genAiProviderName(provider),
    // The name before `gen_ai.provider.name`, still read by older backends.
    "gen_ai.system": genAiProviderName(provider),
    "gen_ai.request.model": requestModel,
    ...genAiRequestParameters(request),
    ...genAiUsage(usage),
    // Not an OpenTelemetry name: the de facto one Langfuse (and OpenLLMetry) read as the call's cost.
    "gen_ai.usage.cost": cost.totalNanoUsd / 1e9,
    ...costAttributes(cost.totalNanoUsd),
    "discernus.cost.source": `${cost.source.name}@${cost.source.version}`,
    "discernus.outcome": record.outcome,
    "discernus.attempts": attempts.length,
    "discernus.route": [...record.route],
    "discernus.request.model": request.model,
    "discernus.simulated": record.simulated,
    "discernus.store": record.store,
    ...recordAttributes(record),
  };
  for (const [kind, nanoUsd] of Object.entries(cost.byKind))
    attributes[`discernus.cost.${kind}_nano_usd`] = nanoUsd;
  if (cost.discount !== undefined) attributes["discernus.cost.discount"] = cost.discount;
  if (response) {
    attributes["gen_ai.response.model"] = modelNameOf(response.model);
    attributes["gen_ai.response.finish_reasons"] = [response.finishReason];
    if (response.providerRequestId !== undefined)
      attributes["gen_ai.response.id"] = response.providerRequestId;
  }
  if (record.error) attributes["error.type"] = record.error.code;
  if (options.includeContent && record.store === "full") {
    const input = genAiInputMessages(request.messages);
    const output = response ? genAiOutputMessages(response) : undefined;
    if (input !== undefined) attributes["gen_ai.input.messages"] = input;
    if (output !== undefined) attributes["gen_ai.output.messages"] = output;
  }
  const startTimeMs = Date.parse(record.timing.startedAt);
  return {
    name: `chat ${requestModel}`,
    kind: "client",
    startTimeMs,
    endTimeMs: startTimeMs + record.timing.latencyMs,
    attributes,
    status:
      record.outcome === "ok"
        ? { code: "unset" }
        : { code: "error", message: record.error?.message ?? "failed" },
    seq: record.seq,
    ...runOf(record),
    children: options.attemptSpans ? attempts.map((a) => attemptSpan(record, a)) : [],
  };
}

/**
 * A request served from the ledger: no provider was called and nothing was spent, so the span is
 * INTERNAL, lasts no time (the record has one timestamp) and reports zero tokens and zero cost. It
 * links to the span of the call that paid (`linkedSeq`).
 */
export function cacheHitRecordToSpan(record: CacheHitRecord): SpanDescription {
  const provider = providerOf(record.model);
  const model = modelNameOf(record.model);
  const at = Date.parse(record.ts);
  const attributes: Record<string, SpanAttributeValue> = {
    "gen_ai.operation.name": "chat",
    ...(provider
      ? { "gen_ai.provider.name": genAiProviderName(provider), "gen_ai.system": genAiProviderName(provider) }
      : {}),
    "gen_ai.request.model": model,
    ...genAiUsage(ZERO),
    "gen_ai.usage.cost": 0,
    ...costAttributes(0),
    "discernus.cache_hit": true,
    "discernus.original.call": record.original.call,
    "discernus.original.seq": record.original.seq,
    ...recordAttributes(record),
  };
  return {
    name: `chat ${model}`,
    kind: "internal",
    startTimeMs: at,
    endTimeMs: at,
    attributes,
    status: { code: "unset" },
    seq: record.seq,
    ...runOf(record),
    linkedSeq: record.original.seq,
    children: [],
  };
}

/**
 * One attempt as a child span. It carries no `gen_ai.request.model` nor usage, on purpose: backends
 * count every span with those as a generation, and the call span already counts the call once.
 */
function attemptSpan(record: CallRecord, attempt: AttemptRecord): SpanDescription {
  const attributes: Record<string, SpanAttributeValue> = {
    "gen_ai.provider.name": genAiProviderName(attempt.provider),
    "discernus.attempt.number": attempt.attempt,
    "discernus.attempt.model": attempt.model,
    "discernus.attempt.outcome": attempt.outcome,
    "discernus.attempt.queued_ms": attempt.queuedMs,
    "discernus.ledger.seq": record.seq,
  };
  if (attempt.status !== undefined) attributes["http.response.status_code"] = attempt.status;
  if (attempt.retryAfterMs !== undefined)
    attributes["discernus.attempt.retry_after_ms"] = attempt.retryAfterMs;
  if (attempt.outcome !== "ok") attributes["error.type"] = attempt.outcome;
  return {
    name: `attempt ${attempt.attempt} ${attempt.model}`,
    kind: "client",
    startTimeMs: attempt.startedAt,
    endTimeMs: attempt.startedAt + attempt.latencyMs,
    attributes,
    status:
      attempt.outcome === "ok"
        ? { code: "unset" }
        : { code: "error", message: attempt.message ?? attempt.outcome },
    seq: record.seq,
    attempt: attempt.attempt,
    ...runOf(record),
    children: [],
  };
}

/** Cost twice: the integer the ledger holds, and exact dollars as a decimal string. */
function costAttributes(nanoUsd: number): Record<string, SpanAttributeValue> {
  return { "discernus.cost.nano_usd": nanoUsd, "discernus.cost.usd": usdDecimal(nanoUsd) };
}

function recordAttributes(record: CallRecord | CacheHitRecord): Record<string, SpanAttributeValue> {
  const out: Record<string, SpanAttributeValue> = {
    "discernus.call.id": record.call,
    "discernus.cache_key": record.cacheKey,
    "discernus.ledger.seq": record.seq,
  };
  for (const [key, value] of Object.entries(record.tags ?? {})) out[`discernus.tag.${key}`] = value;
  if (record.tags?.run !== undefined) out["discernus.run"] = record.tags.run;
  return out;
}

function runOf(record: CallRecord | CacheHitRecord): { run?: string } {
  return record.tags?.run !== undefined ? { run: record.tags.run } : {};
}
