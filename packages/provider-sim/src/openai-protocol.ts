import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./answer-generator.js";
import { cutAfterFlush, pause, sendJson, startSse } from "./http-io.js";
import type { ErrorKind, LimitBuckets, ParsedRequest, Protocol, StreamPlan, Usage } from "./protocol.js";
import { formatGoDuration } from "./rate-limit-bucket.js";
import { encoding } from "./tokenizer.js";

interface ChatBody {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
  response_format?: { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

/** Masks a key as OpenAI's 401 does ("sk-ab***wxyz"): enough to tell which key, still a secret to redact. */
function mask(key: string): string {
  return key.length <= 8
    ? "***"
    : `${key.slice(0, 5)}${"*".repeat(Math.min(20, key.length - 9))}${key.slice(-4)}`;
}

const created = () => Math.floor(Date.now() / 1000);

/** The OpenAI Chat Completions wire protocol (POST /v1/chat/completions). */
export const openaiProtocol: Protocol = {
  provider: "openai",

  apiKey(req: IncomingMessage) {
    const auth = req.headers.authorization;
    return auth?.startsWith("Bearer ") ? auth.slice(7).trim() || undefined : undefined;
  },

  parse(raw: unknown) {
    const body = raw as ChatBody;
    if (typeof body?.model !== "string") return { error: "you must provide a model parameter" };
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return { error: "'messages' must be a non-empty array" };
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 4096;
    if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1)
      return { error: "max_tokens must be a positive integer" };
    // Counted as OpenAI documents chat framing: each message costs its text plus 3, the reply 3 more.
    const ids: number[] = [];
    let promptTokens = 3;
    for (const m of body.messages) {
      const encoded = encoding().encode(contentText(m.content));
      promptTokens += 3 + encoded.length;
      // A negative marker per role keeps "system: x" and "user: x" apart in the cache's prefix.
      ids.push(-1 - ["system", "developer", "user", "assistant", "tool"].indexOf(String(m.role)), ...encoded);
    }
    const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
    const format = body.response_format;
    const parsed: ParsedRequest = {
      model: body.model,
      stream: body.stream === true,
      maxTokens,
      promptTokens,
      cachePrefix: { kind: "automatic", tokens: ids },
      lastUserText: contentText(lastUser?.content),
      requestKey: JSON.stringify([body.model, body.messages, maxTokens, format]),
    };
    if (
      format?.type === "json_schema" &&
      format.json_schema &&
      typeof format.json_schema.schema === "object"
    ) {
      parsed.schema = format.json_schema.schema as Record<string, unknown>;
      parsed.schemaName = String(format.json_schema.name ?? "response");
    } else if (format?.type === "json_object") {
      parsed.schema = { type: "object", properties: { answer: { type: "string" } } };
    }
    return parsed;
  },

  error(kind: ErrorKind, d) {
    const err = (
      status: number,
      message: string,
      type: string,
      code: string | null,
      param: string | null = null,
    ) => ({
      status,
      body: { error: { message, type, param, code } },
    });
    const wait = `Please try again in ${formatGoDuration(d.retryAfterMs ?? 0)}. Visit https://platform.openai.com/account/rate-limits to learn more.`;
    switch (kind) {
      case "auth":
        return err(
          401,
          `Incorrect API key provided: ${d.key ? mask(d.key) : "(none)"}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          "invalid_api_key",
        );
      case "not_found":
        return err(
          404,
          `The model \`${d.model}\` does not exist or you do not have access to it.`,
          "invalid_request_error",
          "model_not_found",
        );
      case "context_length":
        return err(
          400,
          `This model's maximum context length is ${d.contextWindow} tokens. However, you requested ${d.promptTokens} tokens. Please reduce the length of the messages or completion.`,
          "invalid_request_error",
          "context_length_exceeded",
          "messages",
        );
      case "rate_limit_requests":
      case "rate_limit_input":
        return err(
          429,
          `Rate limit reached for ${d.model} in organization org-sim on requests per min (RPM): Limit ${d.limit}, Used ${d.used}, Requested 1. ${wait}`,
          "requests",
          "rate_limit_exceeded",
        );
      case "rate_limit_tokens":
      case "rate_limit_output":
        return err(
          429,
          `Rate limit reached for ${d.model} in organization org-sim on tokens per min (TPM): Limit ${d.limit}, Used ${d.used}, Requested ${d.promptTokens}. ${wait}`,
          "tokens",
          "rate_limit_exceeded",
        );
      case "server_500":
        return err(
          500,
          "The server had an error while processing your request. Sorry about that!",
          "server_error",
          null,
        );
      case "server_502":
        return err(502, "Bad gateway.", "server_error", null);
      case "server_503":
      case "overloaded":
        return err(503, "The engine is currently overloaded, please try again later.", "server_error", null);
      default:
        return err(400, d.message ?? "Invalid request.", "invalid_request_error", null);
    }
  },

  rateLimitHeaders(b: LimitBuckets, now: number) {
    const h: Record<string, string> = {};
    if (b.requests) {
      h["x-ratelimit-limit-requests"] = String(b.requests.limit);
      h["x-ratelimit-remaining-requests"] = String(b.requests.remaining(now));
      h["x-ratelimit-reset-requests"] = formatGoDuration(b.requests.msToFull(now));
    }
    if (b.tokens) {
      h["x-ratelimit-limit-tokens"] = String(b.tokens.limit);
      h["x-ratelimit-remaining-tokens"] = String(b.tokens.remaining(now));
      h["x-ratelimit-reset-tokens"] = formatGoDuration(b.tokens.msToFull(now));
    }
    return h;
  },

  retryAfterHeaders(ms: number) {
    return { "retry-after": String(Math.ceil(ms / 1000)), "retry-after-ms": String(Math.ceil(ms)) };
  },

  requestIdHeader(id: string) {
    return { "x-request-id": id };
  },

  malformedBody(model: string) {
    return `{"id":"chatcmpl-cut","object":"chat.completion","model":"${model}","choices":[{"index":0,"message":{"role":"assistant","content":"The tone`;
  },

  writeJson(
    res: ServerResponse,
    req: ParsedRequest,
    answer: Answer,
    usage: Usage,
    headers: Record<string, string>,
    id: string,
  ) {
    sendJson(
      res,
      200,
      {
        id,
        object: "chat.completion",
        created: created(),
        model: req.model,
        system_fingerprint: "fp_sim",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: answer.text, refusal: null },
            logprobs: null,
            finish_reason: answer.truncated ? "length" : "stop",
          },
        ],
        usage: usageBody(usage),
      },
      headers,
    );
  },

  async writeStream(res, req, answer, usage, headers, id, plan: StreamPlan) {
    startSse(res, headers);
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: created(), model: req.model, system_fingerprint: "fp_sim", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }, null));
    const pieces = splitForStream(answer.text);
    for (const [i, piece] of pieces.entries()) {
      if (plan.cutAfterChunks !== undefined && i >= plan.cutAfterChunks) {
        await cutAfterFlush(res);
        return;
      }
      await pause(plan.chunkDelayMs, res);
      if (res.destroyed) return;
      res.write(chunk({ content: piece }, null));
    }
    res.write(chunk({}, answer.truncated ? "length" : "stop"));
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: created(), model: req.model, choices: [], usage: usageBody(usage) })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  },
};

function usageBody(u: Usage) {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.outputTokens + u.reasoningTokens,
    total_tokens: u.promptTokens + u.outputTokens + u.reasoningTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Pieces of a few words each, as providers stream them. */
export function splitForStream(text: string): string[] {
  const parts = text.match(/\S+\s*/g) ?? [text];
  const pieces: string[] = [];
  for (let i = 0; i < parts.length; i += 3) pieces.push(parts.slice(i, i + 3).join(""));
  return pieces.length > 0 ? pieces : [""];
}
