import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./answer-generator.js";
import { cutAfterFlush, pause, sendJson, startSse } from "./http-io.js";
import { splitForStream } from "./openai-protocol.js";
import type { ErrorKind, LimitBuckets, ParsedRequest, Protocol, StreamPlan, Usage } from "./protocol.js";
import { countTokens } from "./tokenizer.js";

interface Block {
  type?: unknown;
  text?: unknown;
  cache_control?: unknown;
}

interface MessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: unknown;
  tools?: { name?: unknown; input_schema?: unknown }[];
  tool_choice?: { type?: unknown; name?: unknown };
}

function blocks(content: unknown): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

const text = (b: Block) => (typeof b.text === "string" ? b.text : "");

/** The Anthropic Messages wire protocol (POST /v1/messages). */
export const anthropicProtocol: Protocol = {
  provider: "anthropic",

  apiKey(req: IncomingMessage) {
    const key = req.headers["x-api-key"];
    return typeof key === "string" && key.trim() ? key.trim() : undefined;
  },

  parse(raw: unknown) {
    const body = raw as MessagesBody;
    if (typeof body?.model !== "string") return { error: "model: Field required" };
    if (typeof body.max_tokens !== "number" || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)
      return { error: "max_tokens: Field required" };
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return { error: "messages: Field required" };
    // Prompt in order: tools, system, messages (Anthropic's cache prefix order). A cache_control
    // breakpoint caches everything up to and including its block.
    const parts: { text: string; breakpoint: boolean }[] = [];
    for (const tool of body.tools ?? []) parts.push({ text: JSON.stringify(tool), breakpoint: false });
    for (const b of blocks(body.system))
      parts.push({ text: text(b), breakpoint: b.cache_control !== undefined });
    for (const m of body.messages) {
      for (const b of blocks(m.content))
        parts.push({ text: `${String(m.role)}: ${text(b)}`, breakpoint: b.cache_control !== undefined });
    }
    const counts = parts.map((p) => countTokens(p.text));
    const promptTokens = counts.reduce((a, b) => a + b, 0) + 4 * body.messages.length;
    const parsed: ParsedRequest = {
      model: body.model,
      stream: body.stream === true,
      maxTokens: body.max_tokens,
      promptTokens,
      lastUserText: blocks([...body.messages].reverse().find((m) => m.role === "user")?.content)
        .map(text)
        .join(""),
      requestKey: JSON.stringify([
        body.model,
        body.system,
        body.messages,
        body.max_tokens,
        body.tools,
        body.tool_choice,
      ]),
    };
    const last = parts.map((p) => p.breakpoint).lastIndexOf(true);
    if (last >= 0) {
      const prefix = parts
        .slice(0, last + 1)
        .map((p) => p.text)
        .join("\u0000");
      parsed.cachePrefix = {
        kind: "breakpoint",
        hash: createHash("sha256").update(prefix).digest("hex"),
        tokens: counts.slice(0, last + 1).reduce((a, b) => a + b, 0),
      };
    }
    const forced =
      body.tool_choice?.type === "tool"
        ? body.tools?.find((t) => t.name === body.tool_choice?.name)
        : undefined;
    if (body.tool_choice?.type === "tool" && !forced)
      return { error: `tool_choice: tool "${String(body.tool_choice.name)}" is not in tools` };
    if (forced && typeof forced.input_schema === "object") {
      parsed.schema = forced.input_schema as Record<string, unknown>;
      parsed.schemaName = String(forced.name);
    }
    return parsed;
  },

  error(kind: ErrorKind, d) {
    const err = (status: number, type: string, message: string) => ({
      status,
      body: { type: "error", error: { type, message } },
    });
    switch (kind) {
      case "auth":
        return err(401, "authentication_error", "invalid x-api-key");
      case "not_found":
        return err(404, "not_found_error", `model: ${d.model}`);
      case "context_length":
        return err(
          400,
          "invalid_request_error",
          `prompt is too long: ${d.promptTokens} tokens > ${d.contextWindow} maximum`,
        );
      case "rate_limit_requests":
        return err(
          429,
          "rate_limit_error",
          `This request would exceed the rate limit for your organization of ${d.limit} requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.`,
        );
      case "rate_limit_input":
      case "rate_limit_tokens":
        return err(
          429,
          "rate_limit_error",
          `This request would exceed the rate limit for your organization of ${d.limit} input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.`,
        );
      case "rate_limit_output":
        return err(
          429,
          "rate_limit_error",
          `This request would exceed the rate limit for your organization of ${d.limit} output tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.`,
        );
      case "server_500":
      case "server_502":
        return err(kind === "server_500" ? 500 : 502, "api_error", "Internal server error");
      case "server_503":
        return err(503, "api_error", "Service unavailable");
      case "overloaded":
        return err(529, "overloaded_error", "Overloaded");
      default:
        return err(400, "invalid_request_error", d.message ?? "Invalid request");
    }
  },

  rateLimitHeaders(b: LimitBuckets, now: number) {
    const h: Record<string, string> = {};
    const put = (name: string, bucket: LimitBuckets[keyof LimitBuckets]) => {
      if (!bucket) return;
      h[`anthropic-ratelimit-${name}-limit`] = String(bucket.limit);
      h[`anthropic-ratelimit-${name}-remaining`] = String(bucket.remaining(now));
      h[`anthropic-ratelimit-${name}-reset`] = new Date(now + bucket.msToFull(now))
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
    };
    put("requests", b.requests);
    put("input-tokens", b.inputTokens);
    put("output-tokens", b.outputTokens);
    // tokens-* reports whichever token limit is closest to binding, as Anthropic documents.
    const tight = [b.inputTokens, b.outputTokens]
      .filter((x) => x !== undefined)
      .sort((x, y) => x.remaining(now) / x.limit - y.remaining(now) / y.limit)[0];
    put("tokens", tight);
    return h;
  },

  retryAfterHeaders(ms: number) {
    return { "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) };
  },

  requestIdHeader(id: string) {
    return { "request-id": id };
  },

  malformedBody(model: string) {
    return `{"id":"msg_cut","type":"message","role":"assistant","model":"${model}","content":[{"type":"text","text":"The tone`;
  },

  writeJson(
    res: ServerResponse,
    req: ParsedRequest,
    answer: Answer,
    usage: Usage,
    headers: Record<string, string>,
    id: string,
  ) {
    const content =
      req.schema && answer.json !== undefined
        ? [{ type: "tool_use", id: `toolu_${id.slice(4)}`, name: req.schemaName, input: answer.json }]
        : [{ type: "text", text: answer.text }];
    sendJson(
      res,
      200,
      {
        id,
        type: "message",
        role: "assistant",
        model: req.model,
        content,
        stop_reason: answer.truncated
          ? "max_tokens"
          : req.schema && answer.json !== undefined
            ? "tool_use"
            : "end_turn",
        stop_sequence: null,
        usage: usageBody(usage),
      },
      headers,
    );
  },

  async writeStream(res, req, answer, usage, headers, id, plan: StreamPlan) {
    startSse(res, headers);
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const tool = req.schema !== undefined && answer.json !== undefined;
    send("message_start", {
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model: req.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usageBody(usage), output_tokens: 1 },
      },
    });
    send("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: tool
        ? { type: "tool_use", id: `toolu_${id.slice(4)}`, name: req.schemaName, input: {} }
        : { type: "text", text: "" },
    });
    send("ping", { type: "ping" });
    const pieces = tool
      ? (JSON.stringify(answer.json).match(/.{1,24}/gs) ?? [""])
      : splitForStream(answer.text);
    for (const [i, piece] of pieces.entries()) {
      if (plan.cutAfterChunks !== undefined && i >= plan.cutAfterChunks) {
        await cutAfterFlush(res);
        return;
      }
      await pause(plan.chunkDelayMs, res);
      if (res.destroyed) return;
      send("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: tool ? { type: "input_json_delta", partial_json: piece } : { type: "text_delta", text: piece },
      });
    }
    send("content_block_stop", { type: "content_block_stop", index: 0 });
    send("message_delta", {
      type: "message_delta",
      delta: {
        stop_reason: answer.truncated ? "max_tokens" : tool ? "tool_use" : "end_turn",
        stop_sequence: null,
      },
      usage: { output_tokens: usage.outputTokens },
    });
    send("message_stop", { type: "message_stop" });
    res.end();
  },
};

/** Anthropic's input_tokens exclude cache reads and writes, which have fields of their own. */
function usageBody(u: Usage) {
  return {
    input_tokens: u.promptTokens - u.cachedTokens - u.cacheWriteTokens,
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cachedTokens,
  };
}
