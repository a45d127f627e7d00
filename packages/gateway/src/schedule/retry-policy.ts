import type { RetryConfig } from "../config/gateway-config.js";
import { ConfigInvalidError, ProviderError } from "../errors.js";

/**
 * A Retry-After up to this long is always waited out, even above maxDelayMs: providers ask for up
 * to a minute when a per-minute limit is spent, and retrying earlier only earns another 429.
 */
const RETRY_AFTER_HONOURED_MS = 120_000;
/** Callers told the same Retry-After are spread over this much time after it (or baseDelayMs if less). */
const RETRY_AFTER_SPREAD_MS = 250;

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

function checked(value: number, field: string, example: string, whole: boolean): number {
  if (!(Number.isFinite(value) && value >= 0 && (!whole || Number.isInteger(value)))) {
    const what = whole ? "a whole number of 0 or more" : "a number of milliseconds, 0 or more";
    throw new ConfigInvalidError(field, `must be ${what}, got ${value}. Set e.g. ${example}.`);
  }
  return value;
}

/**
 * When to try a model again and how long to wait first.
 *
 * Only a ProviderError marked `retryable` is retried (429, 5xx, 529 overloaded, timeouts, dropped
 * connections, malformed bodies), at most maxRetries times. Auth, bad requests, context-window,
 * budget and abort errors never are: a retry cannot fix them.
 *
 * The wait is the provider's Retry-After when it sent one: never less (a retry before it is
 * refused again), plus a spread of at most 250 ms so callers told the same time do not return as
 * one herd. A Retry-After longer than max(maxDelayMs, 120 s) is not waited out at all: the call
 * falls back to its next model instead, and `decide` says so. Without a Retry-After the wait is
 * exponential backoff with full jitter (uniform in [0, min(maxDelayMs, base x 2^attempt)]), which
 * spreads a herd of failed calls best (AWS Architecture Blog, "Exponential Backoff and Jitter").
 *
 * `attempt` counts the retries already made for this model: 0 after the first failure.
 */
export class RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;

  constructor(config: RetryConfig = {}) {
    this.maxRetries = checked(config.maxRetries ?? 4, "retry.maxRetries", '"maxRetries": 4', true);
    this.baseDelayMs = checked(config.baseDelayMs ?? 500, "retry.baseDelayMs", '"baseDelayMs": 500', false);
    this.maxDelayMs = checked(config.maxDelayMs ?? 30_000, "retry.maxDelayMs", '"maxDelayMs": 30000', false);
  }

  /** The longest Retry-After that is waited out rather than answered by a fallback. */
  get longestRetryAfterMs(): number {
    return Math.max(this.maxDelayMs, RETRY_AFTER_HONOURED_MS);
  }

  shouldRetry(error: unknown, attempt: number): boolean {
    return this.#refusal(error, attempt) === undefined;
  }

  /** How long to wait before retry number `attempt + 1`; `random` returns [0, 1), injected for determinism. */
  delayMs(error: unknown, attempt: number, random: () => number): number {
    const retryAfterMs = error instanceof ProviderError ? error.retryAfterMs : undefined;
    if (retryAfterMs !== undefined && retryAfterMs >= 0) {
      return retryAfterMs + Math.floor(random() * Math.min(this.baseDelayMs, RETRY_AFTER_SPREAD_MS));
    }
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempt));
    return Math.min(ceiling, Math.floor(random() * (ceiling + 1)));
  }

  /** Both answers at once, with the reason when the answer is no (for the attempt record). */
  decide(error: unknown, attempt: number, random: () => number): RetryDecision {
    const reason = this.#refusal(error, attempt);
    return reason === undefined
      ? { retry: true, delayMs: this.delayMs(error, attempt, random) }
      : { retry: false, reason };
  }

  #refusal(error: unknown, attempt: number): string | undefined {
    if (!(error instanceof ProviderError)) return "not a provider fault: a retry cannot fix it";
    if (!error.retryable) return `${error.code} is not retryable`;
    if (attempt >= this.maxRetries) return `gave up after ${this.maxRetries} retries (retry.maxRetries)`;
    if (error.retryAfterMs !== undefined && error.retryAfterMs > this.longestRetryAfterMs) {
      return (
        `the provider asked to wait ${Math.ceil(error.retryAfterMs / 1_000)} s (Retry-After), longer than the ` +
        `${this.longestRetryAfterMs / 1_000} s a retry waits; falling back instead. Raise retry.maxDelayMs to wait it out.`
      );
    }
    return undefined;
  }
}
