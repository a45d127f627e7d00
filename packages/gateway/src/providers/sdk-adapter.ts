import type { HeaderGetter } from "../schedule/rate-limit-headers.js";
import type { RateLimitSnapshot } from "../types.js";
import { classifySdkError } from "./classify-sdk-error.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";

export interface SdkAdapterParts {
  provider: string;
  apiKey: string;
  contextWindows: ((model: string) => number | undefined) | undefined;
  now: () => number;
  parseRateLimit: (get: HeaderGetter, nowMs: number) => RateLimitSnapshot | undefined;
  sendJson(call: AdapterCall): Promise<AdapterResult>;
  sendStream(call: AdapterCall): Promise<AdapterResult>;
}

/**
 * The part every official-SDK adapter shares: one attempt, streamed or not, with whatever the
 * SDK throws turned into a typed, key-free DiscernusError.
 */
export function sdkAdapter(parts: SdkAdapterParts): ProviderAdapter {
  return {
    provider: parts.provider,
    async send(call) {
      try {
        return await (call.stream ? parts.sendStream(call) : parts.sendJson(call));
      } catch (err) {
        throw classifySdkError(err, {
          provider: parts.provider,
          model: call.model,
          contextWindow: parts.contextWindows?.(call.model),
          secrets: [parts.apiKey],
          now: parts.now(),
          parseRateLimit: parts.parseRateLimit,
        });
      }
    },
  };
}
