import { describe, expect, it } from "vitest";
import {
  AbortedError,
  BudgetExceededError,
  ConfigInvalidError,
  ContextWindowExceededError,
  ProviderError,
  type DiscernusErrorCode,
} from "../../src/errors.js";
import { RetryPolicy } from "../../src/schedule/retry-policy.js";

const fault = (code: DiscernusErrorCode, retryable: boolean, retryAfterMs?: number) =>
  new ProviderError(code, "anthropic", code, {
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe("RetryPolicy decisions", () => {
  it("backs off with full jitter: anywhere from 0 to min(maxDelayMs, base x 2^attempt)", () => {
    const policy = new RetryPolicy({ baseDelayMs: 500, maxDelayMs: 30_000 });
    const error = fault("provider_server_error", true);
    const at = (attempt: number, r: number) => policy.delayMs(error, attempt, () => r);
    expect([0, 1, 2, 3].map((n) => at(n, 0))).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((n) => at(n, 0.999_999_9))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(at(2, 0.5)).toBe(1_000);
    expect(at(10, 0.999_999_9)).toBe(30_000);
    expect(at(5_000, 0.999_999_9)).toBe(30_000); // 2^5000 overflows to Infinity; the cap holds
  });

  it("never retries before the provider's Retry-After, even one above maxDelayMs", () => {
    const policy = new RetryPolicy({ baseDelayMs: 5, maxDelayMs: 50 });
    const error = fault("rate_limited", true, 200);
    expect(policy.shouldRetry(error, 0)).toBe(true);
    for (const r of [0, 0.5, 0.999]) {
      const delay = policy.delayMs(error, 0, () => r);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThan(205); // spread by at most baseDelayMs (and never more than 250 ms)
    }
  });

  it("falls back instead of waiting out a Retry-After above max(maxDelayMs, 120 s), and says why", () => {
    const policy = new RetryPolicy();
    const long = fault("rate_limited", true, 300_000);
    expect(policy.shouldRetry(long, 0)).toBe(false);
    const decision = policy.decide(long, 0, () => 0.5);
    expect(decision.retry).toBe(false);
    expect(!decision.retry && decision.reason).toMatch(/300 s .*longer than the 120 s.*retry\.maxDelayMs/);
    const patient = new RetryPolicy({ maxDelayMs: 600_000 });
    expect(patient.decide(long, 0, () => 0)).toEqual({ retry: true, delayMs: 300_000 });
  });

  it("retries 429, 5xx, 529, timeouts, dropped connections and malformed bodies, up to maxRetries", () => {
    const policy = new RetryPolicy({ maxRetries: 2 });
    const retryable: DiscernusErrorCode[] = [
      "rate_limited",
      "provider_server_error",
      "provider_overloaded",
      "provider_timeout",
      "provider_connection",
      "malformed_response",
    ];
    for (const code of retryable) {
      expect([0, 1, 2].map((n) => policy.shouldRetry(fault(code, true), n))).toEqual([true, true, false]);
    }
    expect(policy.decide(fault("provider_timeout", true), 2, () => 0)).toEqual({
      retry: false,
      reason: "gave up after 2 retries (retry.maxRetries)",
    });
  });

  it("never retries auth, bad requests, context window, budget or abort", () => {
    const policy = new RetryPolicy({ maxRetries: 10 });
    const never = [
      fault("provider_auth", false),
      fault("provider_bad_request", false),
      new ContextWindowExceededError("anthropic/claude", 300_000, 200_000),
      new BudgetExceededError({ capNanoUsd: 1, spentNanoUsd: 1, reservedNanoUsd: 0, requestedNanoUsd: 1 }),
      new AbortedError(),
      new Error("not ours"),
    ];
    for (const error of never) expect(policy.shouldRetry(error, 0)).toBe(false);
  });

  it("refuses a retry config that is not a count or a duration, naming the field", () => {
    expect(() => new RetryPolicy({ maxRetries: 1.5 })).toThrow(ConfigInvalidError);
    expect(() => new RetryPolicy({ baseDelayMs: -1 })).toThrow(/retry\.baseDelayMs/);
    expect(() => new RetryPolicy({ maxDelayMs: Number.NaN })).toThrow(/retry\.maxDelayMs/);
  });
});
