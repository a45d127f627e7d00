import type { IncomingMessage } from "node:http";
import type { ReasoningEffort } from "./answer-generator.js";
import type { ErrorSpec } from "./error-spec.js";
import { formatGoDuration } from "./go-duration.js";
import { randomId, sendJson } from "./http-io.js";
import type { LimitBuckets } from "./limit-buckets.js";
import { openaiError } from "./openai-errors.js";
import type { ParsedRequest, Protocol, Reply, ReplyContent, Usage } from "./protocol.js";
import { sseData, startSse, writePaced } from "./sse.js";
import { splitForStream } from "./stream-pieces.js";
import { encode } from "@discernus/tokenizer";

interface ChatMessage {
  role?: unknown;
  content?: unknown;
  name?: unknown;
  tool_calls?: unknown;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
  temperature?: unknown;
  reasoning_effort?: unknown;
  response_format?: { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
}

// Without max_tokens the answer may run to the model's output limit; this stands in for it.
const DEFAULT_MAX_TOKENS = 4096;
const ROLES = ["system", "developer", "user", "assistant", "tool"];
const EFFORTS: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join("");
}

function messageText(m: ChatMessage): string {
  const calls = m.tool_calls === undefined ? "" : JSON.stringify(m.tool_calls);
  return contentText(m.content) + calls;
}

function maxTokensOf(body: ChatBody): {
  value?: number;
  param?: "max_tokens" | "max_completion_tokens";
  error?: string;
} {
  const param =
    body.max_completion_tokens != null
      ? "max_completion_tokens"
      : body.max_tokens != null
        ? "max_tokens"
        : undefined;
  if (!param) return {};
  const value = body[param];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    return {
      param,
      error: `Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${JSON.stringify(value)} instead.`,
    };
  return { value, param };
}

const created = () => Math.floor(Date.now() / 1000);

function usageBody(u: Usage) {
  const completion = u.outputTokens + u.reasoningTokens;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: completion,
    total_tokens: u.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** The OpenAI Chat Completions wire protocol (POST /v1/chat/completions). */
export const openaiProtocol: Protocol = {
  provider: "openai",

  apiKey(req: IncomingMessage) {
    const auth = req.headers.authorization;
    return auth?.startsWith("Bearer ") ? auth.slice(7).trim() || undefined : undefined;
  },

  parse(raw: unknown) {
    const body = (raw ?? {}) as ChatBody;
    if (typeof body.model !== "string")
      return { error: "you must provide a model parameter", param: "model" };
    if (!Array.isArray(body.messages))
      return { error: "Missing required parameter: 'messages'.", param: "messages" };
    if (body.messages.length === 0) return { error: "[] is too short - 'messages'", param: "messages" };
    const max = maxTokensOf(body);
    if (max.error) return { error: max.error, ...(max.param ? { param: max.param } : {}) };
    const messages = body.messages as ChatMessage[];
    // Counted as OpenAI documents chat framing: each message costs its text plus 3 (plus 1 for a
    // name), and the reply is primed with 3 more.
    const encoded = messages.map((m) => encode(messageText(m)));
    let promptTokens = 3;
    for (const [i, ids] of encoded.entries()) promptTokens += 3 + ids.length + (messages[i]?.name ? 1 : 0);
    const format = body.response_format;
    let schema: Record<string, unknown> | undefined;
    let schemaName: string | undefined;
    if (format?.type === "json_schema") {
      if (typeof format.json_schema?.schema !== "object" || format.json_schema.schema === null)
        return {
          error: "Missing required parameter: 'response_format.json_schema.schema'.",
          param: "response_format",
        };
      schema = format.json_schema.schema as Record<string, unknown>;
      schemaName = String(format.json_schema.name ?? "response");
      // Structured outputs put the schema in front of the model: it counts as prompt.
      promptTokens += encode(JSON.stringify(schema)).length;
    } else if (format?.type === "json_object") {
      if (!messages.some((m) => /json/i.test(messageText(m))))
        return {
          error:
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
          param: "messages",
        };
      schema = { type: "object", properties: { answer: { type: "string" } } };
    }
    const effort = body.reasoning_effort;
    if (effort !== undefined && !EFFORTS.includes(effort as ReasoningEffort))
      return {
        error: `Invalid value: '${String(effort)}'. Supported values are: ${EFFORTS.map((e) => `'${e}'`).join(", ")}.`,
        param: "reasoning_effort",
      };
    const lastUser = [...messages].reverse().find((m) => m.role === "user");
    const parsed: ParsedRequest = {
      model: body.model,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      maxTokens: max.value ?? DEFAULT_MAX_TOKENS,
      maxTokensGiven: max.value,
      promptTokens,
      // The automatic cache works on the token ids; a role marker per message keeps "system: x" and
      // "user: x" apart. Built only when the prompt is long enough to be cached.
      cache: {
        kind: "automatic",
        ids: () => encoded.flatMap((ids, i) => [-1 - ROLES.indexOf(String(messages[i]?.role)), ...ids]),
      },
      lastUserText: contentText(lastUser?.content),
      requestKey: JSON.stringify([body.model, messages, max.value, format, effort]),
    };
    if (max.param) parsed.maxTokensParam = max.param;
    if (typeof body.temperature === "number") parsed.temperature = body.temperature;
    if (effort !== undefined) parsed.reasoningEffort = effort as ReasoningEffort;
    if (schema) parsed.schema = schema;
    if (schemaName) parsed.schemaName = schemaName;
    return parsed;
  },

  check(request, model): ErrorSpec | undefined {
    const unsupported = (param: string, message: string, code = "unsupported_parameter"): ErrorSpec => ({
      kind: "bad_request",
      message,
      param,
      code,
    });
    if (model.reasoning) {
      if (request.maxTokensParam === "max_tokens")
        return unsupported(
          "max_tokens",
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        );
      if (request.temperature !== undefined && request.temperature !== 1)
        return unsupported(
          "temperature",
          `Unsupported value: 'temperature' does not support ${request.temperature} with this model. Only the default (1) value is supported.`,
          "unsupported_value",
        );
      // Reasoning models think at "medium" effort unless told otherwise.
      request.reasoningEffort ??= "medium";
    } else if (request.reasoningEffort !== undefined) {
      return unsupported("reasoning_effort", "Unrecognized request argument supplied: reasoning_effort");
    }
    return undefined;
  },

  error: (spec) => openaiError(spec),

  rateLimitHeaders(b: LimitBuckets, now: number) {
    const h: Record<string, string> = {};
    for (const [name, bucket] of [
      ["requests", b.requests],
      ["tokens", b.tokens],
    ] as const) {
      if (!bucket) continue;
      h[`x-ratelimit-limit-${name}`] = String(bucket.limit);
      h[`x-ratelimit-remaining-${name}`] = String(bucket.remaining(now));
      // "The time until the rate limit resets to its initial state": full again.
      h[`x-ratelimit-reset-${name}`] = formatGoDuration(bucket.msToFull(now));
    }
    return h;
  },

  retryAfterHeaders(ms: number) {
    return {
      "retry-after": String(Math.max(1, Math.ceil(ms / 1000))),
      "retry-after-ms": String(Math.ceil(ms)),
    };
  },

  requestIdHeader: (id) => ({ "x-request-id": id }),

  newId: (random) => randomId("chatcmpl-", random),

  malformedBody(model, stream) {
    const head = `{"id":"chatcmpl-cut","object":"chat.completion${stream ? ".chunk" : ""}","created":${created()},"model":"${model}","choices":[{"index":0,`;
    return stream
      ? `data: ${head}"delta":{"content":"The to\n\n`
      : `${head}"message":{"role":"assistant","content":"The tone`;
  },

  responseBody({ request, answer, usage, id }: ReplyContent) {
    return {
      id,
      object: "chat.completion",
      created: created(),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: answer.text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: answer.truncated ? "length" : "stop",
        },
      ],
      usage: usageBody(usage),
      service_tier: "default",
      system_fingerprint: "fp_provider_sim",
    };
  },

  writeJson(reply: Reply) {
    sendJson(reply.res, 200, openaiProtocol.responseBody(reply), reply.headers);
  },

  async writeStream({ res, request, answer, usage, headers, id }: Reply, plan) {
    startSse(res, headers);
    const at = created();
    // With include_usage every chunk carries "usage": null, and one last chunk with no choices has it.
    const extra = request.includeUsage ? { usage: null } : {};
    const envelope = (fields: Record<string, unknown>) =>
      sseData({
        id,
        object: "chat.completion.chunk",
        created: at,
        model: request.model,
        service_tier: "default",
        system_fingerprint: "fp_provider_sim",
        ...fields,
      });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      envelope({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
    res.write(chunk({ role: "assistant", content: "", refusal: null }, null));
    const pieces = answer.text === "" ? [] : splitForStream(answer.text);
    if (!(await writePaced(res, pieces, plan, (piece) => chunk({ content: piece }, null)))) return;
    res.write(chunk({}, answer.truncated ? "length" : "stop"));
    if (request.includeUsage) {
      res.write(envelope({ choices: [], usage: usageBody(usage) }));
    }
    res.end("data: [DONE]\n\n");
  },
};
