import { describe, expect, it } from "vitest";
import {
  AbortedError,
  BudgetExceededError,
  ContextWindowExceededError,
  ProviderError,
  type DiscernusError,
} from "../../src/errors.js";
import { RetryPolicy } from "../../src/schedule/retry-policy.js";
import { mulberry32 } from "@discernus/provider-sim";

const rateLimited = (retryAfterMs?: number) =>
  new ProviderError("rate_limited", "openai", "429", {
    status: 429,
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

const nonRetryable: [string, DiscernusError][] = [
  [
    "an auth ProviderError (retryable false)",
    new ProviderError("provider_auth", "openai", "401", { status: 401, retryable: false }),
  ],
  [
    "a bad-request ProviderError",
    new ProviderError("provider_bad_request", "openai", "400", { status: 400, retryable: false }),
  ],
  ["ContextWindowExceededError", new ContextWindowExceededError("openai/gpt-4o-mini", 200_000, 128_000)],
  [
    "BudgetExceededError",
    new BudgetExceededError({ capNanoUsd: 1, spentNanoUsd: 1, reservedNanoUsd: 0, requestedNanoUsd: 1 }),
  ],
  ["AbortedError", new AbortedError()],
];

describe("RetryPolicy", () => {
  it.each(nonRetryable)("never retries %s", (_name, error) => {
    const policy = new RetryPolicy({ maxRetries: 10 });
    for (let retry = 0; retry < 10; retry++) expect(policy.shouldRetry(error, retry)).toBe(false);
  });

  it("retries retryable provider faults (429, 5xx, timeouts)", () => {
    const policy = new RetryPolicy();
    expect(policy.shouldRetry(rateLimited(), 0)).toBe(true);
    const server = new ProviderError("provider_server_error", "anthropic", "500", {
      status: 500,
      retryable: true,
    });
    expect(policy.shouldRetry(server, 0)).toBe(true);
    const timeout = new ProviderError("provider_timeout", "openai", "slow", { retryable: true });
    expect(policy.shouldRetry(timeout, 0)).toBe(true);
  });

  it("makes at most maxRetries retries", () => {
    const policy = new RetryPolicy({ maxRetries: 2 });
    expect(policy.shouldRetry(rateLimited(), 0)).toBe(true);
    expect(policy.shouldRetry(rateLimited(), 1)).toBe(true);
    expect(policy.shouldRetry(rateLimited(), 2)).toBe(false);
    expect(new RetryPolicy({ maxRetries: 0 }).shouldRetry(rateLimited(), 0)).toBe(false);
  });

  it("defaults to 4 retries, 500 ms base and 30 s cap", () => {
    const policy = new RetryPolicy();
    expect([policy.maxRetries, policy.baseDelayMs, policy.maxDelayMs]).toEqual([4, 500, 30_000]);
    expect(policy.shouldRetry(rateLimited(), 3)).toBe(true);
    expect(policy.shouldRetry(rateLimited(), 4)).toBe(false);
  });

  it("does not retry when Retry-After is over 120 s (the call falls back instead)", () => {
    const policy = new RetryPolicy();
    expect(policy.shouldRetry(rateLimited(120_000), 0)).toBe(true);
    expect(policy.shouldRetry(rateLimited(120_001), 0)).toBe(false);
    expect(policy.shouldRetry(rateLimited(3_600_000), 0)).toBe(false);
  });

  it("never waits less than Retry-After, whatever the jitter and the retry count", () => {
    const policy = new RetryPolicy();
    const random = mulberry32(42);
    for (let i = 0; i < 2_000; i++) {
      const retryAfter = Math.floor(random() * 120_000);
      const retry = Math.floor(random() * 6);
      const delay = policy.delayMs(rateLimited(retryAfter), retry, random);
      expect(delay).toBeGreaterThanOrEqual(retryAfter);
      expect(delay).toBeLessThanOrEqual(retryAfter + 250);
    }
  });

  it("grows exponentially from baseDelayMs, with full jitter (anywhere from 0 to all of it)", () => {
    const policy = new RetryPolicy({ baseDelayMs: 500, maxDelayMs: 30_000 });
    const err = rateLimited();
    const low = (retry: number) => policy.delayMs(err, retry, () => 0);
    const high = (retry: number) => policy.delayMs(err, retry, () => 0.999_999);
    expect([0, 1, 2, 3].map(low)).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it("caps the backoff at maxDelayMs however many retries were made", () => {
    const policy = new RetryPolicy({ baseDelayMs: 500, maxDelayMs: 30_000 });
    const random = mulberry32(1);
    for (const retry of [6, 7, 10, 50, 1_000]) {
      expect(policy.delayMs(rateLimited(), retry, random)).toBeLessThanOrEqual(30_000);
      expect(policy.delayMs(rateLimited(), retry, () => 0.999_999)).toBe(30_000);
    }
  });
});
