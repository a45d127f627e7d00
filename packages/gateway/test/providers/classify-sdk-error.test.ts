import { describe, expect, it } from "vitest";
import { AbortedError, ContextWindowExceededError, ProviderError } from "../../src/errors.js";
import { classifySdkError, type ClassifyContext } from "../../src/providers/classify-sdk-error.js";
import { parseOpenAIRateLimitHeaders } from "../../src/schedule/rate-limit-headers.js";

const KEY = "sk-proj-abc123DEF456ghi789JKL012mno345";
const ctx: ClassifyContext = {
  provider: "openai",
  model: "gpt-4o-mini",
  contextWindow: 128_000,
  secrets: [KEY],
  now: Date.parse("2025-06-01T12:00:00Z"),
  parseRateLimit: parseOpenAIRateLimitHeaders,
};

/** Shaped like openai-node's APIError subclasses: status, headers, and the parsed body under `error`. */
function apiError(status: number, body: unknown, headers: Record<string, string> = {}) {
  class APIError extends Error {
    status = status;
    headers = new Headers(headers);
    error = body;
  }
  return new APIError(`${status} error`);
}

describe("classifySdkError", () => {
  it("makes a 429 a retryable rate_limited error carrying Retry-After and the rate-limit headers", () => {
    const err = classifySdkError(
      apiError(
        429,
        { message: "Rate limit reached" },
        {
          "retry-after-ms": "1500",
          "x-ratelimit-limit-requests": "500",
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": "120ms",
        },
      ),
      ctx,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: "rate_limited", retryable: true, status: 429, retryAfterMs: 1_500 });
    expect((err as ProviderError).rateLimit?.requests).toEqual({ limit: 500, remaining: 0, resetMs: 120 });
  });

  it.each([
    [500, "provider_server_error"],
    [503, "provider_server_error"],
    [529, "provider_overloaded"],
    [408, "provider_timeout"],
  ])("makes a %d retryable (%s)", (status, code) => {
    expect(classifySdkError(apiError(status, { message: "x" }), ctx)).toMatchObject({
      code,
      retryable: true,
    });
  });

  it("makes a 401 a non-retryable auth error that never repeats the key", () => {
    const err = classifySdkError(apiError(401, { message: `Incorrect API key provided: ${KEY}.` }), ctx);
    expect(err).toMatchObject({ code: "provider_auth", retryable: false });
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain("abc123");
    expect(err.message).toContain("providers.openai.apiKeyEnv");
  });

  it("recognises a context-window overflow by its code or its wording", () => {
    const byCode = classifySdkError(
      apiError(400, { code: "context_length_exceeded", message: "too long" }),
      ctx,
    );
    expect(byCode).toBeInstanceOf(ContextWindowExceededError);
    expect((byCode as ContextWindowExceededError).contextWindow).toBe(128_000);
    const anthropic = classifySdkError(
      apiError(400, {
        type: "error",
        error: {
          type: "invalid_request_error",
          message: "prompt is too long: 210000 tokens > 200000 maximum",
        },
      }),
      ctx,
    );
    expect(anthropic).toBeInstanceOf(ContextWindowExceededError);
  });

  it("makes any other 4xx a non-retryable bad request", () => {
    expect(classifySdkError(apiError(422, { message: "bad schema" }), ctx)).toMatchObject({
      code: "provider_bad_request",
      retryable: false,
    });
  });

  it("maps the SDKs' abort, timeout and connection errors by class name", () => {
    class APIUserAbortError extends Error {}
    class APIConnectionTimeoutError extends Error {}
    class APIConnectionError extends Error {}
    expect(classifySdkError(new APIUserAbortError("aborted"), ctx)).toBeInstanceOf(AbortedError);
    expect(classifySdkError(new APIConnectionTimeoutError("t"), ctx)).toMatchObject({
      code: "provider_timeout",
      retryable: true,
    });
    expect(classifySdkError(new APIConnectionError("ECONNRESET"), ctx)).toMatchObject({
      code: "provider_connection",
      retryable: true,
    });
  });

  it("retries a malformed body and an unknown status-less failure, redacting keys from it", () => {
    expect(classifySdkError(new SyntaxError("Unexpected token"), ctx)).toMatchObject({
      code: "malformed_response",
      retryable: true,
    });
    const unknown = classifySdkError(new TypeError(`terminated while using ${KEY}`), ctx);
    expect(unknown).toMatchObject({ code: "provider_connection", retryable: true });
    expect(unknown.message).not.toContain(KEY);
  });

  it("passes a DiscernusError through unchanged", () => {
    const aborted = new AbortedError();
    expect(classifySdkError(aborted, ctx)).toBe(aborted);
  });
});
