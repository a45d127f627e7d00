import type { LimitWindow, RateLimitSnapshot } from "../types.js";

export type HeaderGetter = (name: string) => string | null | undefined;

/**
 * Go-style durations as OpenAI sends them in x-ratelimit-reset-*: "1s", "6m0s", "20ms", "1h2m3.5s",
 * "0.5s". Returns milliseconds, or undefined for anything else.
 */
export function parseDurationMs(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const unit = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let match = unit.exec(trimmed); match; match = unit.exec(trimmed)) {
    const value = Number(match[1]);
    const factor = match[2] === "h" ? 3_600_000 : match[2] === "m" ? 60_000 : match[2] === "s" ? 1000 : 1;
    total += value * factor;
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined;
}

function number(get: HeaderGetter, name: string): number | undefined {
  const raw = get(name);
  if (raw === null || raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function window(
  limit: number | undefined,
  remaining: number | undefined,
  resetMs: number | undefined,
): LimitWindow | undefined {
  if (limit === undefined || remaining === undefined) return undefined;
  return { limit, remaining, resetMs: resetMs ?? 0 };
}

/** OpenAI: x-ratelimit-{limit,remaining,reset}-{requests,tokens}; reset is a duration until full. */
export function parseOpenAIRateLimitHeaders(get: HeaderGetter, nowMs: number): RateLimitSnapshot | undefined {
  const requests = window(
    number(get, "x-ratelimit-limit-requests"),
    number(get, "x-ratelimit-remaining-requests"),
    parseDurationMs(get("x-ratelimit-reset-requests")),
  );
  const tokens = window(
    number(get, "x-ratelimit-limit-tokens"),
    number(get, "x-ratelimit-remaining-tokens"),
    parseDurationMs(get("x-ratelimit-reset-tokens")),
  );
  if (!requests && !tokens) return undefined;
  return { observedAt: nowMs, ...(requests ? { requests } : {}), ...(tokens ? { tokens } : {}) };
}

function resetFromTimestamp(get: HeaderGetter, name: string, nowMs: number): number | undefined {
  const raw = get(name);
  if (!raw) return undefined;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * Anthropic: anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset};
 * reset is an RFC 3339 time at which the bucket is full again.
 */
export function parseAnthropicRateLimitHeaders(
  get: HeaderGetter,
  nowMs: number,
): RateLimitSnapshot | undefined {
  const read = (kind: string) =>
    window(
      number(get, `anthropic-ratelimit-${kind}-limit`),
      number(get, `anthropic-ratelimit-${kind}-remaining`),
      resetFromTimestamp(get, `anthropic-ratelimit-${kind}-reset`, nowMs),
    );
  const requests = read("requests");
  const inputTokens = read("input-tokens");
  const outputTokens = read("output-tokens");
  // tokens-* restates whichever of the input and output limits is tighter at the moment; with
  // those two known, a bucket for it would flip between their limits.
  const tokens = inputTokens || outputTokens ? undefined : read("tokens");
  if (!requests && !tokens && !inputTokens && !outputTokens) return undefined;
  return {
    observedAt: nowMs,
    ...(requests ? { requests } : {}),
    ...(tokens ? { tokens } : {}),
    ...(inputTokens ? { inputTokens } : {}),
    ...(outputTokens ? { outputTokens } : {}),
  };
}

/** retry-after-ms (OpenAI) first, then retry-after as seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfterMs(get: HeaderGetter, nowMs: number): number | undefined {
  const ms = number(get, "retry-after-ms");
  if (ms !== undefined && ms >= 0) return ms;
  const raw = get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
