import { classifySdkError } from "../providers/classify-sdk-error.js";
import type { HeaderGetter } from "../schedule/rate-limit-headers.js";
import type { RateLimitSnapshot } from "../types.js";

export interface SdkBatchContext {
  provider: string;
  apiKey: string;
  parseRateLimit: (get: HeaderGetter, nowMs: number) => RateLimitSnapshot | undefined;
}

/**
 * Runs one Batch API request through the SDK, turning whatever it throws into the same typed,
 * key-free DiscernusError an interactive call would get; `what` names the operation and batch
 * ("retrieve batch_abc") in the message.
 */
export async function sdkBatchCall<T>(ctx: SdkBatchContext, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifySdkError(err, {
      provider: ctx.provider,
      model: `batches (${what})`,
      secrets: [ctx.apiKey],
      now: Date.now(),
      parseRateLimit: ctx.parseRateLimit,
    });
  }
}
