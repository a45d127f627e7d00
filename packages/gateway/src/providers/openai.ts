import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions/completions";
import { parseOpenAIRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import { buildChatCompletionBody, type MaxTokensParam } from "./openai-chat-body.js";
import {
  openAIChatOutput,
  readChatCompletion,
  type ChatOutput,
  type OpenAIUsage,
} from "./openai-chat-result.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";
import { sdkAdapter } from "./sdk-adapter.js";

export { normalizeOpenAIUsage } from "./openai-chat-result.js";

export interface OpenAIAdapterOptions {
  /** The provider's name in the config ("openai", "gemini", "ollama"...). */
  provider: string;
  apiKey: string;
  baseUrl?: string;
  /** See MaxTokensParam: OpenAI wants `max_completion_tokens`, compatible servers `max_tokens`. */
  maxTokensParam: MaxTokensParam;
  contextWindows?: (model: string) => number | undefined;
  now?: () => number;
}

export function createOpenAIAdapter(options: OpenAIAdapterOptions): ProviderAdapter {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? null,
    // The gateway owns retries, so that every attempt is seen and recorded.
    maxRetries: 0,
  });
  const now = options.now ?? Date.now;
  const provider = options.provider;

  /** Adds what only an interactive answer has: its rate-limit headers and request id. */
  const withTransport = (output: ChatOutput, headers: Headers, headersAt: number): AdapterResult => {
    const result: AdapterResult = {
      ...output,
      // Stamped when the headers arrived, not when a stream ended: they describe that moment.
      rateLimit: parseOpenAIRateLimitHeaders((name) => headers.get(name), headersAt),
    };
    const requestId = headers.get("x-request-id");
    if (requestId) result.providerRequestId = requestId;
    return result;
  };

  const sendJson = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data, response } = await client.chat.completions
      .create(
        { ...buildChatCompletionBody(call, options.maxTokensParam), stream: false },
        { signal: call.signal, timeout: call.timeoutMs },
      )
      .withResponse();
    const headersAt = now();
    return withTransport(
      readChatCompletion(data as ChatCompletion, call, provider),
      response.headers,
      headersAt,
    );
  };

  const sendStream = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data: stream, response } = await client.chat.completions
      .create(
        {
          ...buildChatCompletionBody(call, options.maxTokensParam),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: call.signal, timeout: call.timeoutMs },
      )
      .withResponse();
    const headersAt = now();
    let text = "";
    let finishReason = "unknown";
    let usage: OpenAIUsage | null | undefined;
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      const choice = chunk.choices?.[0];
      if (choice?.delta?.content) text += choice.delta.content;
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    return withTransport(
      openAIChatOutput(call, provider, text, finishReason, usage),
      response.headers,
      headersAt,
    );
  };

  return sdkAdapter({
    provider,
    apiKey: options.apiKey,
    contextWindows: options.contextWindows,
    now,
    parseRateLimit: parseOpenAIRateLimitHeaders,
    sendJson,
    sendStream,
  });
}
