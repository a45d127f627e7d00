import { describe, expect, it } from "vitest";
import {
  parseAnthropicRateLimitHeaders,
  parseDurationMs,
  parseOpenAIRateLimitHeaders,
  parseRetryAfterMs,
} from "../../src/schedule/rate-limit-headers.js";

const from = (h: Record<string, string>) => (name: string) => h[name];
const NOW = Date.parse("2026-11-24T10:00:00Z");

describe("rate-limit headers", () => {
  it("reads OpenAI's Go-style reset durations", () => {
    expect(parseDurationMs("1s")).toBe(1_000);
    expect(parseDurationMs("6m0s")).toBe(360_000);
    expect(parseDurationMs("20ms")).toBe(20);
    expect(parseDurationMs("1h2m3.5s")).toBe(3_723_500);
    expect(parseDurationMs("0.5s")).toBe(500);
    expect(parseDurationMs("soon")).toBeUndefined();
    expect(parseDurationMs("")).toBeUndefined();
  });

  it("reads OpenAI's x-ratelimit-* set", () => {
    const snapshot = parseOpenAIRateLimitHeaders(
      from({
        "x-ratelimit-limit-requests": "5000",
        "x-ratelimit-remaining-requests": "4999",
        "x-ratelimit-reset-requests": "12ms",
        "x-ratelimit-limit-tokens": "2000000",
        "x-ratelimit-remaining-tokens": "1999863",
        "x-ratelimit-reset-tokens": "4ms",
      }),
      NOW,
    );
    expect(snapshot).toEqual({
      observedAt: NOW,
      requests: { limit: 5000, remaining: 4999, resetMs: 12 },
      tokens: { limit: 2_000_000, remaining: 1_999_863, resetMs: 4 },
    });
    expect(parseOpenAIRateLimitHeaders(from({}), NOW)).toBeUndefined();
  });

  it("reads Anthropic's anthropic-ratelimit-* set, with RFC 3339 resets, and skips the restated tokens-*", () => {
    const snapshot = parseAnthropicRateLimitHeaders(
      from({
        "anthropic-ratelimit-requests-limit": "4000",
        "anthropic-ratelimit-requests-remaining": "3999",
        "anthropic-ratelimit-requests-reset": "2026-11-24T10:00:01Z",
        "anthropic-ratelimit-input-tokens-limit": "400000",
        "anthropic-ratelimit-input-tokens-remaining": "399000",
        "anthropic-ratelimit-input-tokens-reset": "2026-11-24T10:00:00Z",
        "anthropic-ratelimit-output-tokens-limit": "80000",
        "anthropic-ratelimit-output-tokens-remaining": "79000",
        "anthropic-ratelimit-output-tokens-reset": "2026-11-24T10:00:01Z",
        "anthropic-ratelimit-tokens-limit": "80000",
        "anthropic-ratelimit-tokens-remaining": "79000",
        "anthropic-ratelimit-tokens-reset": "2026-11-24T10:00:01Z",
      }),
      NOW,
    );
    expect(snapshot?.requests).toEqual({ limit: 4000, remaining: 3999, resetMs: 1_000 });
    expect(snapshot?.outputTokens?.limit).toBe(80_000);
    expect(snapshot?.tokens).toBeUndefined();
  });

  it("prefers retry-after-ms, then retry-after in seconds or as a date, and never returns NaN", () => {
    expect(parseRetryAfterMs(from({ "retry-after-ms": "250", "retry-after": "1" }), NOW)).toBe(250);
    expect(parseRetryAfterMs(from({ "retry-after": "3" }), NOW)).toBe(3_000);
    expect(parseRetryAfterMs(from({ "retry-after": "Tue, 24 Nov 2026 10:00:05 GMT" }), NOW)).toBe(5_000);
    expect(parseRetryAfterMs(from({ "retry-after": "later" }), NOW)).toBeUndefined();
    expect(parseRetryAfterMs(from({}), NOW)).toBeUndefined();
  });
});
