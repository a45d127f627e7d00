import type { LimitWindow, RateLimitSnapshot } from "../types.js";

/** Reads one header by name: `(n) => headers.get(n)` for fetch Headers, `(n) => obj[n]` for plain objects. */
export type HeaderGetter = (name: string) => string | null | undefined;

const GO_UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  ns: 1e-6,
};
const GO_DURATION = /^(?:(?:\d+\.?\d*|\.\d+)(?:h|ms|m|s|us|µs|ns))+$/;
const GO_PART = /(\d+\.?\d*|\.\d+)(h|ms|m|s|us|µs|ns)/g;

/**
 * A Go duration (time.Duration's String form) as OpenAI sends it in x-ratelimit-reset-*: "1s",
 * "6m0s", "20ms", "1h2m3.5s", "0.5s". Returns milliseconds, or undefined for anything else.
 * A bare number is read as seconds, as some OpenAI-compatible servers send it.
 */
export function parseDurationMs(text: string | null | undefined): number | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1_000;
  if (!GO_DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, value, unit] of trimmed.matchAll(GO_PART))
    total += Number(value) * (GO_UNIT_MS[unit ?? ""] ?? NaN);
  return Number.isFinite(total) ? total : undefined;
}

/** A non-negative decimal count; undefined when absent or malformed (never NaN). */
function count(get: HeaderGetter, name: string): number | undefined {
  const raw = get(name)?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A window needs a positive limit and a remaining count; an unreadable reset reads as 0 (the limiter keeps its own). */
function limitWindow(
  limit: number | undefined,
  remaining: number | undefined,
  resetMs: number | undefined,
): LimitWindow | undefined {
  if (limit === undefined || limit <= 0 || remaining === undefined) return undefined;
  return { limit, remaining, resetMs: resetMs ?? 0 };
}

/**
 * OpenAI (platform.openai.com/docs/guides/rate-limits): x-ratelimit-limit-{requests,tokens},
 * x-ratelimit-remaining-{requests,tokens}, and x-ratelimit-reset-{requests,tokens}, the time
 * until the limit is fully replenished as a Go duration. Undefined when no window is readable.
 */
export function parseOpenAIRateLimitHeaders(get: HeaderGetter, nowMs: number): RateLimitSnapshot | undefined {
  const read = (kind: "requests" | "tokens") =>
    limitWindow(
      count(get, `x-ratelimit-limit-${kind}`),
      count(get, `x-ratelimit-remaining-${kind}`),
      parseDurationMs(get(`x-ratelimit-reset-${kind}`)),
    );
  const requests = read("requests");
  const tokens = read("tokens");
  if (!requests && !tokens) return undefined;
  return { observedAt: nowMs, ...(requests ? { requests } : {}), ...(tokens ? { tokens } : {}) };
}

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds from `nowMs` to an RFC 3339 time; 0 for a time past; undefined when malformed. */
function msUntilTimestamp(raw: string | null | undefined, nowMs: number): number | undefined {
  const text = raw?.trim();
  if (!text || !RFC_3339.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * Anthropic (docs.anthropic.com/en/api/rate-limits): anthropic-ratelimit-{requests,tokens,
 * input-tokens,output-tokens}-{limit,remaining,reset}, reset being the RFC 3339 time at which the
 * bucket is full again. Undefined when no window is readable.
 *
 * tokens-* is documented as "the most restrictive limit currently in effect", i.e. it restates
 * whichever of the input and output limits is nearer empty. With those two known, a bucket for it
 * would flip between their limits and charge input plus output against the output limit, so it is
 * used only when neither of them came.
 */
export function parseAnthropicRateLimitHeaders(
  get: HeaderGetter,
  nowMs: number,
): RateLimitSnapshot | undefined {
  const read = (kind: string) =>
    limitWindow(
      count(get, `anthropic-ratelimit-${kind}-limit`),
      count(get, `anthropic-ratelimit-${kind}-remaining`),
      msUntilTimestamp(get(`anthropic-ratelimit-${kind}-reset`), nowMs),
    );
  const requests = read("requests");
  const inputTokens = read("input-tokens");
  const outputTokens = read("output-tokens");
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

/** RFC 9110 HTTP-date in any of its three forms (IMF-fixdate, RFC 850, asctime) starts with a day name. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;
/** asctime carries no zone; an HTTP-date is always GMT, while Date.parse would read it as local time. */
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * How long the provider asked us to wait: `retry-after-ms` (OpenAI's, in milliseconds) first,
 * then `retry-after` (RFC 9110 section 10.2.3) as delay-seconds or an HTTP-date. A date already
 * past reads as 0. Undefined when absent or malformed (negative, NaN, infinite), never NaN.
 */
export function parseRetryAfterMs(get: HeaderGetter, nowMs: number): number | undefined {
  const ms = count(get, "retry-after-ms");
  if (ms !== undefined) return ms;
  const raw = get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const seconds = Number(raw);
    return Number.isFinite(seconds) ? seconds * 1_000 : undefined;
  }
  if (!HTTP_DATE.test(raw)) return undefined;
  const at = Date.parse(ASCTIME.test(raw) ? `${raw} GMT` : raw);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
