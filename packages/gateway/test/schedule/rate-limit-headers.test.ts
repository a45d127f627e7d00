import { describe, expect, it } from "vitest";
import {
  parseAnthropicRateLimitHeaders,
  parseDurationMs,
  parseOpenAIRateLimitHeaders,
  parseRetryAfterMs,
} from "../../src/schedule/rate-limit-headers.js";

/** A case-insensitive header lookup like fetch's Headers. */
const headers = (h: Record<string, string>) => {
  const lower = new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => lower.get(name.toLowerCase()) ?? null;
};
const NOW = Date.parse("2025-06-01T12:00:00Z");

describe("parseDurationMs", () => {
  it.each([
    ["1s", 1_000],
    ["6m0s", 360_000],
    ["20ms", 20],
    ["1h2m3.5s", 3_723_500],
    ["0.5s", 500],
    ["17ms", 17],
    ["2m59.56s", 179_560],
    [" 3s ", 3_000],
  ])("reads the Go duration %j as %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBeCloseTo(ms, 6);
  });

  it.each(["", "garbage", "5x", "1s garbage", "-1s", "1m30", "1.5.5s", "s", "1 s", "ms"])(
    "returns undefined for %j",
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );

  it("returns undefined for null and undefined", () => {
    expect(parseDurationMs(null)).toBeUndefined();
    expect(parseDurationMs(undefined)).toBeUndefined();
  });
});

describe("parseOpenAIRateLimitHeaders", () => {
  it("reads the request and token windows with their reset durations", () => {
    const get = headers({
      "x-ratelimit-limit-requests": "10000",
      "x-ratelimit-remaining-requests": "9999",
      "x-ratelimit-reset-requests": "6ms",
      "x-ratelimit-limit-tokens": "30000000",
      "x-ratelimit-remaining-tokens": "29999980",
      "x-ratelimit-reset-tokens": "0s",
      "content-type": "application/json",
    });
    expect(parseOpenAIRateLimitHeaders(get, NOW)).toEqual({
      observedAt: NOW,
      requests: { limit: 10_000, remaining: 9_999, resetMs: 6 },
      tokens: { limit: 30_000_000, remaining: 29_999_980, resetMs: 0 },
    });
  });

  it("keeps the window it has when the other is missing or malformed", () => {
    const get = headers({
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "12",
      "x-ratelimit-reset-requests": "1m6s",
      "x-ratelimit-limit-tokens": "lots",
      "x-ratelimit-remaining-tokens": "1000",
    });
    expect(parseOpenAIRateLimitHeaders(get, NOW)).toEqual({
      observedAt: NOW,
      requests: { limit: 500, remaining: 12, resetMs: 66_000 },
    });
  });

  it("returns undefined when no rate-limit headers came", () => {
    expect(parseOpenAIRateLimitHeaders(headers({ "content-type": "application/json" }), NOW)).toBeUndefined();
  });
});

describe("parseAnthropicRateLimitHeaders", () => {
  const full = {
    "anthropic-ratelimit-requests-limit": "4000",
    "anthropic-ratelimit-requests-remaining": "3999",
    "anthropic-ratelimit-requests-reset": "2025-06-01T12:00:00.015Z",
    "anthropic-ratelimit-tokens-limit": "480000",
    "anthropic-ratelimit-tokens-remaining": "479000",
    "anthropic-ratelimit-tokens-reset": "2025-06-01T12:00:01Z",
    "anthropic-ratelimit-input-tokens-limit": "400000",
    "anthropic-ratelimit-input-tokens-remaining": "399000",
    "anthropic-ratelimit-input-tokens-reset": "2025-06-01T12:00:01Z",
    "anthropic-ratelimit-output-tokens-limit": "80000",
    "anthropic-ratelimit-output-tokens-remaining": "80000",
    "anthropic-ratelimit-output-tokens-reset": "2025-06-01T14:00:00+02:00",
  };

  it("reads each window, with the RFC 3339 reset turned into milliseconds from now", () => {
    expect(parseAnthropicRateLimitHeaders(headers(full), NOW)).toEqual({
      observedAt: NOW,
      requests: { limit: 4_000, remaining: 3_999, resetMs: 15 },
      inputTokens: { limit: 400_000, remaining: 399_000, resetMs: 1_000 },
      // 14:00+02:00 is 12:00Z: now.
      outputTokens: { limit: 80_000, remaining: 80_000, resetMs: 0 },
    });
  });

  it("uses the combined tokens window only when input and output windows are absent", () => {
    const onlyCombined = Object.fromEntries(Object.entries(full).filter(([k]) => !/input|output/.test(k)));
    expect(parseAnthropicRateLimitHeaders(headers(onlyCombined), NOW)?.tokens).toEqual({
      limit: 480_000,
      remaining: 479_000,
      resetMs: 1_000,
    });
  });

  it("never reports a negative reset for a time already past, nor NaN for a malformed one", () => {
    const snapshot = parseAnthropicRateLimitHeaders(
      headers({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": "2025-06-01T11:59:00Z",
        "anthropic-ratelimit-input-tokens-limit": "40000",
        "anthropic-ratelimit-input-tokens-remaining": "10",
        "anthropic-ratelimit-input-tokens-reset": "not a date",
      }),
      NOW,
    );
    expect(snapshot?.requests?.resetMs).toBe(0);
    expect(snapshot?.inputTokens?.resetMs).toBe(0);
  });

  it("returns undefined without rate-limit headers", () => {
    expect(parseAnthropicRateLimitHeaders(headers({ "request-id": "req_1" }), NOW)).toBeUndefined();
  });
});

describe("parseRetryAfterMs", () => {
  it("prefers retry-after-ms over retry-after", () => {
    expect(parseRetryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "5" }), NOW)).toBe(250);
  });

  it("reads retry-after as seconds", () => {
    expect(parseRetryAfterMs(headers({ "retry-after": "5" }), NOW)).toBe(5_000);
    expect(parseRetryAfterMs(headers({ "retry-after": "0.5" }), NOW)).toBe(500);
  });

  it("reads retry-after as an HTTP date, never negative", () => {
    const at = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfterMs(headers({ "retry-after": at }), NOW)).toBe(30_000);
    const past = new Date(NOW - 30_000).toUTCString();
    expect(parseRetryAfterMs(headers({ "retry-after": past }), NOW)).toBe(0);
  });

  it("falls back to retry-after when retry-after-ms is malformed", () => {
    expect(parseRetryAfterMs(headers({ "retry-after-ms": "soon", "retry-after": "2" }), NOW)).toBe(2_000);
  });

  it.each(["soon", "", " ", "-5", "NaN", "Infinity", "1e400"])(
    "returns undefined, never NaN, for retry-after %j",
    (value) => {
      const result = parseRetryAfterMs(headers({ "retry-after": value }), NOW);
      expect(result).toBeUndefined();
    },
  );

  it("returns undefined when neither header came", () => {
    expect(parseRetryAfterMs(headers({}), NOW)).toBeUndefined();
  });
});
