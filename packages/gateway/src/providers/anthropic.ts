import Anthropic from "@anthropic-ai/sdk";
import type { Message, RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages/messages";
import { parseAnthropicRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import { buildMessageParams } from "./anthropic-message-params.js";
import { anthropicMessageOutput, readMessage, type AnthropicUsage } from "./anthropic-message-result.js";
import type { ChatOutput } from "./openai-chat-result.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";
import { sdkAdapter } from "./sdk-adapter.js";

export { normalizeAnthropicUsage } from "./anthropic-message-result.js";

export interface AnthropicAdapterOptions {
  provider: string;
  apiKey: string;
  baseUrl?: string;
  contextWindows?: (model: string) => number | undefined;
  now?: () => number;
}

export function createAnthropicAdapter(options: AnthropicAdapterOptions): ProviderAdapter {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl ?? null, maxRetries: 0 });
  const now = options.now ?? Date.now;
  const provider = options.provider;

  /** Adds what only an interactive answer has: its rate-limit headers and request id. */
  const withTransport = (output: ChatOutput, headers: Headers, headersAt: number): AdapterResult => {
    const result: AdapterResult = {
      ...output,
      // Stamped when the headers arrived, not when a stream ended: they describe that moment.
      rateLimit: parseAnthropicRateLimitHeaders((name) => headers.get(name), headersAt),
    };
    const requestId = headers.get("request-id");
    if (requestId) result.providerRequestId = requestId;
    return result;
  };

  const sendJson = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data, response } = await client.messages
      .create(
        { ...buildMessageParams(call), stream: false },
        { signal: call.signal, timeout: call.timeoutMs },
      )
      .withResponse();
    const headersAt = now();
    return withTransport(readMessage(data as Message, call, provider), response.headers, headersAt);
  };

  const sendStream = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data: stream, response } = await client.messages
      .create({ ...buildMessageParams(call), stream: true }, { signal: call.signal, timeout: call.timeoutMs })
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
    return withTransport(
      anthropicMessageOutput(call, provider, { text, toolJsonText: toolJson }, stopReason, usage),
      response.headers,
      headersAt,
    );
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
