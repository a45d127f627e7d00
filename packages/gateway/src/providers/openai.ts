import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
} from "openai/resources/chat/completions/completions";
import { ProviderError } from "../errors.js";
import { parseOpenAIRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import type { TokenUsage } from "../types.js";
import { parseJsonOutput } from "./parse-json-output.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";
import { sdkAdapter } from "./sdk-adapter.js";

export interface OpenAIAdapterOptions {
  /** The provider's name in the config ("openai", "gemini", "ollama"...). */
  provider: string;
  apiKey: string;
  baseUrl?: string;
  /**
   * OpenAI itself wants `max_completion_tokens` (reasoning models refuse `max_tokens`); most
   * OpenAI-compatible servers (Ollama, vLLM, Gemini's endpoint) know only `max_tokens`.
   */
  maxTokensParam: "max_completion_tokens" | "max_tokens";
  contextWindows?: (model: string) => number | undefined;
  now?: () => number;
}

interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** OpenAI's prompt_tokens include cached ones and completion_tokens include reasoning: split them. */
export function normalizeOpenAIUsage(usage: OpenAIUsage): TokenUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (usage.prompt_tokens ?? 0) - cached),
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    outputTokens: Math.max(0, (usage.completion_tokens ?? 0) - reasoning),
    reasoningTokens: reasoning,
  };
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

  const buildParams = (call: AdapterCall): ChatCompletionCreateParamsBase => {
    const params: ChatCompletionCreateParamsBase = {
      model: call.model,
      messages: call.messages.map((m) => ({ role: m.role, content: m.content })),
      [options.maxTokensParam]: call.maxTokens,
    };
    if (call.temperature !== undefined) params.temperature = call.temperature;
    if (call.topP !== undefined) params.top_p = call.topP;
    if (call.seed !== undefined) params.seed = call.seed;
    if (call.responseFormat) {
      params.response_format = {
        type: "json_schema",
        json_schema: {
          name: call.responseFormat.name,
          schema: call.responseFormat.schema,
          strict: true,
          ...(call.responseFormat.description ? { description: call.responseFormat.description } : {}),
        },
      };
    }
    return params;
  };

  const finish = (
    call: AdapterCall,
    text: string,
    finishReason: string,
    usage: OpenAIUsage | null | undefined,
    headers: Headers,
    headersAt: number,
    requestId: string | null | undefined,
  ): AdapterResult => {
    if (!usage) {
      throw new ProviderError(
        "malformed_response",
        provider,
        `${provider}/${call.model} answered without token usage, so its cost cannot be known. ` +
          `Use a server that reports usage (for streaming: stream_options.include_usage).`,
        { retryable: false },
      );
    }
    const result: AdapterResult = {
      text,
      finishReason,
      usage: normalizeOpenAIUsage(usage),
      // Stamped when the headers arrived, not when a stream ended: they describe that moment.
      rateLimit: parseOpenAIRateLimitHeaders((name) => headers.get(name), headersAt),
    };
    if (requestId) result.providerRequestId = requestId;
    if (call.responseFormat) result.json = parseJsonOutput(text, finishReason, provider, call.model);
    return result;
  };

  const sendJson = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data, response } = await client.chat.completions
      .create({ ...buildParams(call), stream: false }, { signal: call.signal, timeout: call.timeoutMs })
      .withResponse();
    const headersAt = now();
    const completion = data as ChatCompletion;
    const choice = completion.choices?.[0];
    if (!choice) {
      throw new ProviderError(
        "malformed_response",
        provider,
        `${provider}/${call.model} answered with no choices.`,
        {
          retryable: true,
        },
      );
    }
    return finish(
      call,
      choice.message?.content ?? "",
      choice.finish_reason ?? "unknown",
      completion.usage,
      response.headers,
      headersAt,
      response.headers.get("x-request-id"),
    );
  };

  const sendStream = async (call: AdapterCall): Promise<AdapterResult> => {
    const { data: stream, response } = await client.chat.completions
      .create(
        { ...buildParams(call), stream: true, stream_options: { include_usage: true } },
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
    return finish(
      call,
      text,
      finishReason,
      usage,
      response.headers,
      headersAt,
      response.headers.get("x-request-id"),
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
