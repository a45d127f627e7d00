import { describe, expect, it } from "vitest";
import {
  AbortedError,
  BudgetExceededError,
  ContextWindowExceededError,
  ProviderError,
} from "../../src/errors.js";
import { RetryPolicy } from "../../src/schedule/retry-policy.js";

const fault = (
  code: "rate_limited" | "provider_server_error" | "provider_auth",
  retryable: boolean,
  retryAfterMs?: number,
) =>
  new ProviderError(code, "openai", "x", {
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("RetryPolicy", () => {
  const policy = new RetryPolicy({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 });

  it("retries provider faults up to maxRetries and nothing that a retry cannot fix", () => {
    expect(policy.shouldRetry(fault("provider_server_error", true), 0)).toBe(true);
    expect(policy.shouldRetry(fault("provider_server_error", true), 3)).toBe(false);
    expect(policy.shouldRetry(fault("provider_auth", false), 0)).toBe(false);
    expect(policy.shouldRetry(new ContextWindowExceededError("m", 10, 5), 0)).toBe(false);
    expect(
      policy.shouldRetry(
        new BudgetExceededError({ capNanoUsd: 1, spentNanoUsd: 0, reservedNanoUsd: 0, requestedNanoUsd: 2 }),
        0,
      ),
    ).toBe(false);
    expect(policy.shouldRetry(new AbortedError(), 0)).toBe(false);
  });

  it("never waits less than the provider's Retry-After, and falls back rather than wait minutes", () => {
    for (const r of [0, 0.5, 0.999])
      expect(policy.delayMs(fault("rate_limited", true, 5_000), 0, () => r)).toBeGreaterThanOrEqual(5_000);
    expect(policy.shouldRetry(fault("rate_limited", true, 10 * 60_000), 0)).toBe(false);
  });

  it("backs off exponentially with jitter, capped at maxDelayMs", () => {
    const low = (n: number) => policy.delayMs(fault("provider_server_error", true), n, () => 0);
    const high = (n: number) => policy.delayMs(fault("provider_server_error", true), n, () => 1);
    expect([low(0), high(0)]).toEqual([50, 100]);
    expect([low(2), high(2)]).toEqual([200, 400]);
    expect(high(10)).toBe(1_000);
  });
});
