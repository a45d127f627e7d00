import type { RetryConfig } from "../config/gateway-config.js";
import { ProviderError, type DiscernusError } from "../errors.js";

/** A Retry-After longer than this is not waited out: the call falls back to the next model instead. */
const LONGEST_RETRY_AFTER_MS = 120_000;

/**
 * When to try a model again and how long to wait first. Only provider faults marked retryable are
 * retried (429, 5xx, 529, timeouts, dropped connections, malformed bodies); auth, bad requests,
 * context-window and budget errors never are. A Retry-After is honoured to the letter.
 */
export class RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;

  constructor(config: RetryConfig = {}) {
    this.maxRetries = config.maxRetries ?? 4;
    this.baseDelayMs = config.baseDelayMs ?? 500;
    this.maxDelayMs = config.maxDelayMs ?? 30_000;
  }

  /** `retry` counts the retries already made for this model (0 after the first attempt). */
  shouldRetry(error: DiscernusError, retry: number): boolean {
    if (!(error instanceof ProviderError) || !error.retryable) return false;
    if (retry >= this.maxRetries) return false;
    return error.retryAfterMs === undefined || error.retryAfterMs <= LONGEST_RETRY_AFTER_MS;
  }

  /**
   * Exponential backoff with "equal jitter" (half fixed, half random), so a herd of callers spreads
   * out but none retries almost at once; never earlier than the provider's Retry-After.
   */
  delayMs(error: DiscernusError, retry: number, random: () => number): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** retry);
    const jittered = exponential / 2 + (random() * exponential) / 2;
    const retryAfter = error instanceof ProviderError ? error.retryAfterMs : undefined;
    if (retryAfter === undefined) return Math.round(jittered);
    // Spread callers told the same Retry-After over a short window after it.
    return Math.round(retryAfter + random() * Math.min(this.baseDelayMs, 250));
  }
}
