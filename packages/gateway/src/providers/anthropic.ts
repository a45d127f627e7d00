import Anthropic from "@anthropic-ai/sdk";
import type {
  Message,
  MessageCreateParamsBase,
  RawMessageStreamEvent,
  TextBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { parseAnthropicRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import type { TokenUsage } from "../types.js";
import { parseJsonOutput } from "./parse-json-output.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";
import { sdkAdapter } from "./sdk-adapter.js";

export interface AnthropicAdapterOptions {
  provider: string;
  apiKey: string;
  baseUrl?: string;
  contextWindows?: (model: string) => number | undefined;
  now?: () => number;
}

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Anthropic's input_tokens already exclude cache reads and writes, so the kinds map one to one. */
export function normalizeAnthropicUsage(usage: AnthropicUsage): TokenUsage {
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: 0,
  };
}

export function createAnthropicAdapter(options: AnthropicAdapterOptions): ProviderAdapter {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl ?? null, maxRetries: 0 });
  const now = options.now ?? Date.now;
  const provider = options.provider;

  const buildParams = (call: AdapterCall): MessageCreateParamsBase => {
    const systemText = call.messages
      .filter((m) => m.role === "system")
      .map((m) => m.content)
      .join("\n\n");
    const params: MessageCreateParamsBase = {
      model: call.model,
      max_tokens: call.maxTokens,
      messages: call.messages
        .filter((m) => m.role !== "system")
        .map((m) => ({ role: m.role as "user" | "assistant", content: m.content })),
    };
    if (systemText) {
      const block: TextBlockParam = { type: "text", text: systemText };
      if (call.cacheSystemPrompt) block.cache_control = { type: "ephemeral" };
      params.system = [block];
    }
    if (call.temperature !== undefined) params.temperature = call.temperature;
    if (call.topP !== undefined) params.top_p = call.topP;
    if (call.responseFormat) {
      // Claude's way to structured output: one tool whose input schema is the answer, forced.
      params.tools = [
        {
          name: call.responseFormat.name,
          description: call.responseFormat.description ?? "Record the answer in this structure.",
          input_schema: call.responseFormat.schema as { type: "object"; [k: string]: unknown },
        },
      ];
      params.tool_choice = { type: "tool", name: call.responseFormat.name };
    }
    return params;
  };

  const finish = (
    call: AdapterCall,
    text: string,
    toolInput: unknown,
    toolJsonText: string | undefined,
    stopReason: string,
    usage: AnthropicUsage,
    headers: Headers,
    headersAt: number,
  ): AdapterResult => {
    const result: AdapterResult = {
      text,
      finishReason: stopReason,
      usage: normalizeAnthropicUsage(usage),
      // Stamped when the headers arrived, not when a stream ended: they describe that moment.
      rateLimit: parseAnthropicRateLimitHeaders((name) => headers.get(name), headersAt),
    };
    const requestId = headers.get("request-id");
    if (requestId) result.providerRequestId = requestId;
    if (call.responseFormat) {
      if (toolInput !== undefined) {
        result.json = toolInput;
        result.text = JSON.stringify(toolInput);
      } else {
        // No tool call: parse whatever text came (a model may answer JSON as text).
        result.json = parseJsonOutput(toolJsonText ?? text, stopReason, provider, call.model);
        result.text = toolJsonText ?? text;
      }
    }
    return result;
  };

  const sendJson = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data, response } = await client.messages
      .create({ ...buildParams(call), stream: false }, { signal: call.signal, timeout: call.timeoutMs })
      .withResponse();
    const headersAt = now();
    const message = data as Message;
    let text = "";
    let toolInput: unknown;
    for (const block of message.content ?? []) {
      if (block.type === "text") text += block.text;
      if (block.type === "tool_use") toolInput = block.input;
    }
    return finish(
      call,
      text,
      toolInput,
      undefined,
      message.stop_reason ?? "unknown",
      message.usage ?? {},
      response.headers,
      headersAt,
    );
  };

  const sendStream = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data: stream, response } = await client.messages
      .create({ ...buildParams(call), stream: true }, { signal: call.signal, timeout: call.timeoutMs })
      .withResponse();
    const headersAt = now();
    let text = "";
    let toolJson: string | undefined;
    let stopReason = "unknown";
    const usage: AnthropicUsage = {};
    for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
      switch (event.type) {
        case "message_start":
          Object.assign(usage, event.message.usage);
          break;
        case "content_block_start":
          if (event.content_block.type === "tool_use") toolJson = "";
          break;
        case "content_block_delta":
          if (event.delta.type === "text_delta") text += event.delta.text;
          else if (event.delta.type === "input_json_delta")
            toolJson = (toolJson ?? "") + event.delta.partial_json;
          break;
        case "message_delta":
          if (event.delta.stop_reason) stopReason = event.delta.stop_reason;
          // message_delta carries the final (cumulative) output count, and may restate input counts.
          for (const [k, v] of Object.entries(event.usage ?? {})) {
            if (typeof v === "number") (usage as Record<string, number>)[k] = v;
          }
          break;
        default:
          break;
      }
    }
    return finish(call, text, undefined, toolJson, stopReason, usage, response.headers, headersAt);
  };

  return sdkAdapter({
    provider,
    apiKey: options.apiKey,
    contextWindows: options.contextWindows,
    now,
    parseRateLimit: parseAnthropicRateLimitHeaders,
    sendJson,
    sendStream,
  });
}
