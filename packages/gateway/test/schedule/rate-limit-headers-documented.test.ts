import { describe, expect, it } from "vitest";
import {
  parseAnthropicRateLimitHeaders,
  parseDurationMs,
  parseOpenAIRateLimitHeaders,
  parseRetryAfterMs,
} from "../../src/schedule/rate-limit-headers.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");

describe("rate-limit headers as the providers document them", () => {
  it("reads OpenAI's example set from fetch Headers (platform.openai.com, rate limits guide)", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "60",
      "x-ratelimit-limit-tokens": "150000",
      "x-ratelimit-remaining-requests": "59",
      "x-ratelimit-remaining-tokens": "149984",
      "x-ratelimit-reset-requests": "1s",
      "x-ratelimit-reset-tokens": "6m0s",
    });
    expect(parseOpenAIRateLimitHeaders((n) => headers.get(n), NOW)).toEqual({
      observedAt: NOW,
      requests: { limit: 60, remaining: 59, resetMs: 1_000 },
      tokens: { limit: 150_000, remaining: 149_984, resetMs: 360_000 },
    });
  });

  it("reads Anthropic's set from a plain object, and its retry-after in seconds", () => {
    const headers: Record<string, string> = {
      "anthropic-ratelimit-requests-limit": "50",
      "anthropic-ratelimit-requests-remaining": "49",
      "anthropic-ratelimit-requests-reset": "2025-06-01T12:00:01Z",
      "anthropic-ratelimit-input-tokens-limit": "50000",
      "anthropic-ratelimit-input-tokens-remaining": "49000",
      "anthropic-ratelimit-input-tokens-reset": "2025-06-01T12:00:01.200Z",
      "anthropic-ratelimit-output-tokens-limit": "10000",
      "anthropic-ratelimit-output-tokens-remaining": "9000",
      "anthropic-ratelimit-output-tokens-reset": "2025-06-01T12:00:06Z",
      "retry-after": "6",
    };
    const get = (n: string) => headers[n];
    expect(parseAnthropicRateLimitHeaders(get, NOW)).toEqual({
      observedAt: NOW,
      requests: { limit: 50, remaining: 49, resetMs: 1_000 },
      inputTokens: { limit: 50_000, remaining: 49_000, resetMs: 1_200 },
      outputTokens: { limit: 10_000, remaining: 9_000, resetMs: 6_000 },
    });
    expect(parseRetryAfterMs(get, NOW)).toBe(6_000);
  });

  it("reads every Go duration unit and a bare number of seconds, and nothing else", () => {
    expect(parseDurationMs("1.5h")).toBe(5_400_000);
    expect(parseDurationMs("250us")).toBeCloseTo(0.25, 9);
    expect(parseDurationMs("250µs")).toBeCloseTo(0.25, 9);
    expect(parseDurationMs("1000000ns")).toBeCloseTo(1, 9);
    expect(parseDurationMs(".5s")).toBe(500);
    expect(parseDurationMs("59")).toBe(59_000);
    for (const bad of ["1d", "h", "1h 2m", "Infinitys", "1e3s"]) expect(parseDurationMs(bad)).toBeUndefined();
  });

  it("reads Retry-After in each HTTP-date form RFC 9110 accepts, and refuses dates that are not", () => {
    const get = (value: string) => (n: string) => (n === "retry-after" ? value : null);
    expect(parseRetryAfterMs(get("Sun, 01 Jun 2025 12:00:07 GMT"), NOW)).toBe(7_000);
    expect(parseRetryAfterMs(get("Sunday, 01-Jun-25 12:00:07 GMT"), NOW)).toBe(7_000);
    expect(parseRetryAfterMs(get("Sun Jun  1 12:00:07 2025"), NOW)).toBe(7_000); // asctime: GMT, not local
    expect(parseRetryAfterMs(get("-5"), NOW)).toBeUndefined(); // V8 would read it as the year -5
    expect(parseRetryAfterMs(get("2025"), NOW)).toBe(2_025_000); // seconds, not a year
    expect(parseRetryAfterMs(get("in 5 minutes"), NOW)).toBeUndefined();
  });

  it("drops a window with a limit of 0 or a negative count rather than teach a bucket nonsense", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "0",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-limit-tokens": "1000",
      "x-ratelimit-remaining-tokens": "-3",
    });
    expect(parseOpenAIRateLimitHeaders((n) => headers.get(n), NOW)).toBeUndefined();
  });
});
