import type { IncomingMessage } from "node:http";
import { anthropicError } from "./anthropic-errors.js";
import { randomId, sendJson } from "./http-io.js";
import type { LimitBuckets } from "./limit-buckets.js";
import type { PromptBlock } from "./prompt-cache.js";
import type { ParsedRequest, Protocol, Reply, ReplyContent, Usage } from "./protocol.js";
import { sseEvent, startSse, writePaced } from "./sse.js";
import { splitForStream, splitJsonForStream } from "./stream-pieces.js";
import { countTokens } from "@discernus/tokenizer";

interface Block {
  type?: unknown;
  text?: unknown;
  input?: unknown;
  content?: unknown;
  cache_control?: { type?: unknown; ttl?: unknown } | null;
}

interface Tool {
  name?: unknown;
  input_schema?: unknown;
  cache_control?: Block["cache_control"];
}

interface MessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: unknown;
  tools?: Tool[];
  tool_choice?: { type?: unknown; name?: unknown };
}

// Anthropic prepends a tool-use system prompt when tools are given: 346 tokens with tool_choice
// auto or none, 313 with any or tool (the figures it documents for its current models).
const TOOL_PROMPT_TOKENS = { chosen: 313, free: 346 };
// Per-message framing (role markers), an estimate: Anthropic does not document it.
const MESSAGE_FRAMING_TOKENS = 4;
const MAX_BREAKPOINTS = 4;

function blocks(content: unknown): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

/** What a block puts in front of the model, as text. */
function blockText(b: Block): string {
  if (typeof b.text === "string") return b.text;
  if (b.type === "tool_use") return JSON.stringify(b.input ?? {});
  if (b.type === "tool_result")
    return typeof b.content === "string" ? b.content : blocks(b.content).map(blockText).join("");
  return "";
}

function breakpointOf(b: { cache_control?: Block["cache_control"] }): PromptBlock["breakpoint"] {
  if (b.cache_control?.type !== "ephemeral") return undefined;
  return b.cache_control.ttl === "1h" ? "1h" : "5m";
}

function toolUseId(id: string): string {
  return `toolu_${id.slice(4)}`;
}

/** Anthropic's input_tokens exclude cache reads and writes, which have fields of their own. */
function usageBody(u: Usage) {
  const writes = u.cacheWrite5mTokens + u.cacheWrite1hTokens;
  return {
    input_tokens: u.promptTokens - u.cacheReadTokens - writes,
    cache_creation_input_tokens: writes,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: u.cacheWrite5mTokens,
      ephemeral_1h_input_tokens: u.cacheWrite1hTokens,
    },
    output_tokens: u.outputTokens,
    service_tier: "standard",
  };
}

function stopReason({ answer, request }: ReplyContent): string {
  if (answer.truncated) return "max_tokens";
  return request.schema ? "tool_use" : "end_turn";
}

/** The Anthropic Messages wire protocol (POST /v1/messages). */
export const anthropicProtocol: Protocol = {
  provider: "anthropic",

  apiKey(req: IncomingMessage) {
    const key = req.headers["x-api-key"];
    return typeof key === "string" && key.trim() ? key.trim() : undefined;
  },

  parse(raw: unknown) {
    const body = (raw ?? {}) as MessagesBody;
    if (typeof body.model !== "string") return { error: "model: Field required" };
    if (body.max_tokens === undefined) return { error: "max_tokens: Field required" };
    if (typeof body.max_tokens !== "number" || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)
      return { error: "max_tokens: Input should be greater than or equal to 1" };
    if (!Array.isArray(body.messages)) return { error: "messages: Field required" };
    if (body.messages.length === 0) return { error: "messages: at least one message is required" };
    // The prompt in Anthropic's cache-prefix order: tools, system, messages. A cache_control
    // breakpoint caches everything up to and including its block.
    const parts: PromptBlock[] = [];
    const add = (text: string, from: { cache_control?: Block["cache_control"] }) => {
      const breakpoint = breakpointOf(from);
      parts.push({ text, tokens: countTokens(text), ...(breakpoint ? { breakpoint } : {}) });
    };
    const tools = Array.isArray(body.tools) ? body.tools : [];
    for (const tool of tools) add(JSON.stringify({ ...tool, cache_control: undefined }), tool);
    for (const b of blocks(body.system)) add(blockText(b), b);
    for (const m of body.messages)
      for (const b of blocks(m.content)) add(`${String(m.role)}: ${blockText(b)}`, b);
    const breakpoints = parts.filter((p) => p.breakpoint).length;
    if (breakpoints > MAX_BREAKPOINTS)
      return {
        error: `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`,
      };

    const choice = body.tool_choice?.type;
    const forced =
      choice === "tool"
        ? tools.find((t) => t.name === body.tool_choice?.name)
        : choice === "any"
          ? tools[0]
          : undefined;
    if (choice === "tool" && !forced)
      return { error: `tool_choice: tool "${String(body.tool_choice?.name)}" is not in tools` };
    const toolPrompt = tools.length === 0 ? 0 : forced ? TOOL_PROMPT_TOKENS.chosen : TOOL_PROMPT_TOKENS.free;
    const promptTokens =
      parts.reduce((sum, p) => sum + p.tokens, 0) +
      MESSAGE_FRAMING_TOKENS * body.messages.length +
      toolPrompt;
    const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
    const parsed: ParsedRequest = {
      model: body.model,
      stream: body.stream === true,
      includeUsage: true,
      maxTokens: body.max_tokens,
      maxTokensGiven: body.max_tokens,
      promptTokens,
      lastUserText: blocks(lastUser?.content).map(blockText).join(""),
      requestKey: JSON.stringify([
        body.model,
        body.system,
        body.messages,
        body.max_tokens,
        body.tools,
        body.tool_choice,
      ]),
    };
    if (breakpoints > 0) parsed.cache = { kind: "breakpoints", blocks: parts };
    if (forced && typeof forced.input_schema === "object" && forced.input_schema !== null) {
      parsed.schema = forced.input_schema as Record<string, unknown>;
      parsed.schemaName = String(forced.name);
    }
    return parsed;
  },

  check: () => undefined,

  error: (spec, requestId) => anthropicError(spec, requestId),

  rateLimitHeaders(b: LimitBuckets, now: number) {
    const h: Record<string, string> = {};
    const put = (name: string, bucket: LimitBuckets[keyof LimitBuckets]) => {
      if (!bucket) return;
      h[`anthropic-ratelimit-${name}-limit`] = String(bucket.limit);
      h[`anthropic-ratelimit-${name}-remaining`] = String(bucket.remaining(now));
      // RFC 3339: when the bucket is full again.
      h[`anthropic-ratelimit-${name}-reset`] = new Date(now + bucket.msToFull(now))
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
    };
    put("requests", b.requests);
    put("input-tokens", b.input_tokens);
    put("output-tokens", b.output_tokens);
    // tokens-* report "the most restrictive limit currently in effect": the token bucket nearest empty.
    const tightest = [b.input_tokens, b.output_tokens]
      .filter((x) => x !== undefined)
      .sort((x, y) => x.remaining(now) / x.limit - y.remaining(now) / y.limit)[0];
    put("tokens", tightest);
    return h;
  },

  retryAfterHeaders: (ms) => ({ "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) }),

  requestIdHeader: (id) => ({ "request-id": id }),

  newId: (random) => randomId("msg_01", random),

  malformedBody(model, stream) {
    return stream
      ? `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"The to\n\n`
      : `{"id":"msg_cut","type":"message","role":"assistant","model":"${model}","content":[{"type":"text","text":"The tone`;
  },

  responseBody(reply: ReplyContent) {
    const { request, answer, usage, id } = reply;
    // A forced tool answers with a tool_use block; cut short by max_tokens its input is incomplete,
    // and the block carries what could be parsed: nothing.
    const content = request.schema
      ? [{ type: "tool_use", id: toolUseId(id), name: request.schemaName, input: answer.json ?? {} }]
      : [{ type: "text", text: answer.text }];
    return {
      id,
      type: "message",
      role: "assistant",
      model: request.model,
      content,
      stop_reason: stopReason(reply),
      stop_sequence: null,
      usage: usageBody(usage),
    };
  },

  writeJson(reply: Reply) {
    sendJson(reply.res, 200, anthropicProtocol.responseBody(reply), reply.headers);
  },

  async writeStream(reply: Reply, plan) {
    const { res, request, answer, usage, headers, id } = reply;
    startSse(res, headers);
    const tool = request.schema !== undefined;
    res.write(
      sseEvent("message_start", {
        type: "message_start",
        message: {
          id,
          type: "message",
          role: "assistant",
          model: request.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usageBody(usage), output_tokens: 1 },
        },
      }),
    );
    res.write(
      sseEvent("content_block_start", {
        type: "content_block_start",
        index: 0,
        content_block: tool
          ? { type: "tool_use", id: toolUseId(id), name: request.schemaName, input: {} }
          : { type: "text", text: "" },
      }),
    );
    res.write(sseEvent("ping", { type: "ping" }));
    const pieces = tool ? splitJsonForStream(answer.text) : splitForStream(answer.text);
    const delta = (piece: string) =>
      sseEvent("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: tool ? { type: "input_json_delta", partial_json: piece } : { type: "text_delta", text: piece },
      });
    if (!(await writePaced(res, pieces, plan, delta))) return;
    res.write(sseEvent("content_block_stop", { type: "content_block_stop", index: 0 }));
    const { service_tier: _tier, cache_creation: _creation, ...totals } = usageBody(usage);
    res.write(
      sseEvent("message_delta", {
        type: "message_delta",
        delta: { stop_reason: stopReason(reply), stop_sequence: null },
        usage: totals,
      }),
    );
    res.end(sseEvent("message_stop", { type: "message_stop" }));
  },
};
