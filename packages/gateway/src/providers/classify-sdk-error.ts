import {
  AbortedError,
  ContextWindowExceededError,
  DiscernusError,
  ProviderError,
  type DiscernusErrorCode,
} from "../errors.js";
import { parseRetryAfterMs } from "../schedule/rate-limit-headers.js";
import type { RateLimitSnapshot } from "../types.js";
import { redactSecrets } from "./redact-secrets.js";

type HeaderGetter = (name: string) => string | null | undefined;

/** The parts of an openai-node / anthropic-sdk-typescript error we read (both share one shape). */
interface SdkErrorLike {
  name?: string;
  message?: string;
  status?: number;
  headers?: { get(name: string): string | null } | Record<string, string>;
  error?: unknown;
  constructor?: { name?: string };
}

export interface ClassifyContext {
  provider: string;
  /** Provider model id, for messages. */
  model: string;
  contextWindow?: number;
  secrets: readonly string[];
  now: number;
  parseRateLimit: (get: HeaderGetter, nowMs: number) => RateLimitSnapshot | undefined;
}

export function headerGetter(headers: SdkErrorLike["headers"]): HeaderGetter {
  if (!headers) return () => undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    const h = headers as { get(name: string): string | null };
    return (name) => h.get(name);
  }
  const record = headers as Record<string, string>;
  return (name) => record[name] ?? record[name.toLowerCase()];
}

function bodyText(err: SdkErrorLike): string {
  const e = err.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = e?.error?.message ?? e?.message ?? err.message ?? "";
  return typeof message === "string" ? message : JSON.stringify(message);
}

function errorCodeOf(err: SdkErrorLike): string | undefined {
  const e = err.error as { code?: unknown; error?: { code?: unknown; type?: unknown } } | undefined;
  const code = e?.code ?? e?.error?.code;
  return typeof code === "string" ? code : undefined;
}

const CONTEXT_WINDOW = /context[_ ]length|context window|prompt is too long|maximum context|too many tokens/i;

/**
 * Maps an error thrown by the official SDKs (or by fetch underneath them) to a typed
 * DiscernusError. Retryability is decided here once, so retry and fallback logic reads types only.
 */
export function classifySdkError(raw: unknown, ctx: ClassifyContext): DiscernusError {
  if (raw instanceof DiscernusError) return raw;
  const err = (raw ?? {}) as SdkErrorLike;
  const kind = err.constructor?.name ?? err.name ?? "";
  const text = redactSecrets(bodyText(err), ctx.secrets);
  const where = `${ctx.provider}/${ctx.model}`;

  if (kind === "APIUserAbortError" || err.name === "AbortError")
    return new AbortedError(`The call to ${where}`);
  if (kind === "APIConnectionTimeoutError") {
    return new ProviderError("provider_timeout", ctx.provider, `${where} did not answer in time.`, {
      retryable: true,
      cause: raw,
    });
  }
  if (kind === "APIConnectionError") {
    return new ProviderError("provider_connection", ctx.provider, `${where}: connection failed (${text}).`, {
      retryable: true,
      cause: raw,
    });
  }
  if (raw instanceof SyntaxError) {
    return new ProviderError(
      "malformed_response",
      ctx.provider,
      `${where} sent a body that is not valid JSON.`,
      {
        retryable: true,
        cause: raw,
      },
    );
  }

  const status = err.status;
  if (typeof status !== "number") {
    // undici reports a socket closed mid-body as TypeError("terminated"); anything else unknown is
    // treated as a connection fault so that it is retried and recorded rather than lost.
    return new ProviderError(
      "provider_connection",
      ctx.provider,
      `${where}: ${redactSecrets(String(err.message ?? raw), ctx.secrets)}`,
      {
        retryable: true,
        cause: raw,
      },
    );
  }

  const get = headerGetter(err.headers);
  const rateLimit = ctx.parseRateLimit(get, ctx.now);
  const retryAfterMs = parseRetryAfterMs(get, ctx.now);
  const base = { status, retryAfterMs, rateLimit, cause: raw } as const;
  const fail = (code: DiscernusErrorCode, message: string, retryable: boolean) =>
    new ProviderError(code, ctx.provider, message, { ...base, retryable });

  if (status === 429) return fail("rate_limited", `${where} is rate limited (429): ${text}`, true);
  if (status === 529) return fail("provider_overloaded", `${where} is overloaded (529): ${text}`, true);
  if (status === 408) return fail("provider_timeout", `${where} timed out (408): ${text}`, true);
  if (status >= 500) return fail("provider_server_error", `${where} failed with ${status}: ${text}`, true);
  if (status === 401 || status === 403) {
    return fail(
      "provider_auth",
      `${where} refused the API key (${status}): ${text}. Check the key in the environment variable named by providers.${ctx.provider}.apiKeyEnv.`,
      false,
    );
  }
  if (
    (status === 400 || status === 413) &&
    (errorCodeOf(err) === "context_length_exceeded" || CONTEXT_WINDOW.test(text))
  ) {
    return new ContextWindowExceededError(where, 0, ctx.contextWindow ?? 0, true);
  }
  return fail("provider_bad_request", `${where} rejected the request (${status}): ${text}`, false);
}
