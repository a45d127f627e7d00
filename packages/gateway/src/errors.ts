/**
 * Every error the gateway raises. Retry and fallback decisions read `code` and the class,
 * never the message text. Messages say what went wrong and what to do; they never contain
 * an API key or an auth header.
 */
export type DiscernusErrorCode =
  | "invalid_config"
  | "invalid_request"
  | "unknown_model"
  | "unpriced_model"
  | "missing_api_key"
  | "context_window_exceeded"
  | "budget_exceeded"
  | "rate_limited"
  | "provider_overloaded"
  | "provider_server_error"
  | "provider_timeout"
  | "provider_connection"
  | "malformed_response"
  | "provider_auth"
  | "provider_bad_request"
  | "aborted"
  | "call_failed"
  | "batch_failed"
  | "batch_not_ended"
  | "batch_item_failed"
  | "batch_expired"
  | "batch_cancelled"
  | "export_failed"
  | "ledger_corrupt"
  | "ledger_locked"
  | "ledger_write_failed"
  | "ledger_not_found"
  | "ledger_not_embedded"
  | "ledger_notebook_mismatch"
  | "ledger_exists"
  | "notebook_not_found"
  | "notebook_invalid"
  | "framework_invalid"
  | "replay_miss"
  | "no_data"
  | "invalid_data";

export class DiscernusError extends Error {
  readonly code: DiscernusErrorCode;
  constructor(code: DiscernusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class ConfigInvalidError extends DiscernusError {
  /** Where the problem is, e.g. `providers.openai.apiKeyEnv` (and the file, when one was read). */
  readonly field: string;
  constructor(field: string, message: string) {
    super("invalid_config", `${field}: ${message}`);
    this.field = field;
  }
}

export class InvalidRequestError extends DiscernusError {
  readonly field: string;
  constructor(field: string, message: string) {
    super("invalid_request", `${field}: ${message}`);
    this.field = field;
  }
}

export class UnknownModelError extends DiscernusError {
  readonly model: string;
  constructor(model: string, known: readonly string[]) {
    const hint = known.length > 0 ? ` Known models and aliases: ${known.slice(0, 20).join(", ")}.` : "";
    super(
      "unknown_model",
      `Unknown model "${model}". Name it as "<provider>/<model>" with a provider from the config, or add an alias under "models".${hint}`,
    );
    this.model = model;
  }
}

export class UnpricedModelError extends DiscernusError {
  readonly model: string;
  /** A priced model whose name is one typo away, if any. */
  readonly suggestion: string | undefined;
  constructor(model: string, suggestion?: string) {
    super(
      "unpriced_model",
      `No price is known for "${model}", and Discernus never costs a call at $0 silently. ` +
        (suggestion ? `Did you mean "${suggestion}"? If not, add` : "Add") +
        ` a price in the config: models["${model}"].price = { inputPerMTok, outputPerMTok }.`,
    );
    this.model = model;
    this.suggestion = suggestion;
  }
}

export class MissingApiKeyError extends DiscernusError {
  readonly envVar: string;
  constructor(provider: string, envVar: string) {
    super(
      "missing_api_key",
      `Provider "${provider}" needs an API key in the environment variable ${envVar}, which is not set. ` +
        `Set it before starting the kernel (export ${envVar}=...), or change providers.${provider}.apiKeyEnv.`,
    );
    this.envVar = envVar;
  }
}

export class ContextWindowExceededError extends DiscernusError {
  readonly model: string;
  readonly tokens: number;
  readonly contextWindow: number;
  constructor(model: string, tokens: number, contextWindow: number, fromProvider = false) {
    super(
      "context_window_exceeded",
      fromProvider
        ? `${model} rejected the request as longer than its context window (${contextWindow} tokens). Shorten the text, split it, or use a model with a larger window.`
        : `The request needs about ${tokens} tokens (prompt plus maxTokens) but ${model} has a context window of ${contextWindow}. Shorten the text, lower maxTokens, or use a model with a larger window.`,
    );
    this.model = model;
    this.tokens = tokens;
    this.contextWindow = contextWindow;
  }
}

export class BudgetExceededError extends DiscernusError {
  readonly capNanoUsd: number;
  readonly spentNanoUsd: number;
  readonly reservedNanoUsd: number;
  readonly requestedNanoUsd: number;
  constructor(args: {
    capNanoUsd: number;
    spentNanoUsd: number;
    reservedNanoUsd: number;
    requestedNanoUsd: number;
  }) {
    const usd = (n: number) => `$${(n / 1e9).toFixed(6)}`;
    super(
      "budget_exceeded",
      `Refused before sending: this call could cost up to ${usd(args.requestedNanoUsd)}, and with ${usd(args.spentNanoUsd)} spent ` +
        `and ${usd(args.reservedNanoUsd)} reserved by calls in flight the budget of ${usd(args.capNanoUsd)} would be passed. ` +
        `Raise the budget, lower maxTokens, or run fewer items; results so far are kept.`,
    );
    this.capNanoUsd = args.capNanoUsd;
    this.spentNanoUsd = args.spentNanoUsd;
    this.reservedNanoUsd = args.reservedNanoUsd;
    this.requestedNanoUsd = args.requestedNanoUsd;
  }
}

/** A failure reported by (or on the way to) a provider. `retryable` drives retries; fallbacks read `code`. */
export class ProviderError extends DiscernusError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** From `retry-after` / `retry-after-ms`, or a rate-limit reset header, when the provider sent one. */
  readonly retryAfterMs: number | undefined;
  /** Rate-limit headers that came with the error response (429s carry them). */
  readonly rateLimit: import("./types.js").RateLimitSnapshot | undefined;
  constructor(
    code: DiscernusErrorCode,
    provider: string,
    message: string,
    opts: {
      status?: number;
      retryable: boolean;
      retryAfterMs?: number;
      rateLimit?: import("./types.js").RateLimitSnapshot;
      cause?: unknown;
    },
  ) {
    super(code, message, { cause: opts.cause });
    this.provider = provider;
    this.status = opts.status;
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs;
    this.rateLimit = opts.rateLimit;
  }
}

export class AbortedError extends DiscernusError {
  constructor(what = "The call") {
    super("aborted", `${what} was cancelled by its AbortSignal.`);
  }
}

/** Every route of a call failed; `attempts` lists each one with its reason. */
export class CallFailedError extends DiscernusError {
  readonly attempts: readonly import("./types.js").AttemptRecord[];
  readonly lastError: DiscernusError;
  constructor(
    model: string,
    attempts: readonly import("./types.js").AttemptRecord[],
    lastError: DiscernusError,
  ) {
    super(
      "call_failed",
      `${model}: failed after ${attempts.length} attempt(s) on route ${[...new Set(attempts.map((a) => a.model))].join(" -> ")}; last error: ${lastError.message}`,
      { cause: lastError },
    );
    this.attempts = attempts;
    this.lastError = lastError;
  }
}

/** Replay mode found no recorded answer for a request: it never calls a provider instead. */
export class ReplayMissError extends DiscernusError {
  readonly model: string;
  readonly cacheKey: string;
  constructor(model: string, cacheKey: string) {
    super(
      "replay_miss",
      `Replay mode: the ledger holds no answer for this ${model} request (request hash ${cacheKey.slice(0, 12)}...), and replay never calls a provider. ` +
        `The prompt, the parameters or the model differ from the recorded run; run the cell live (mode "live") to pay for a new answer.`,
    );
    this.model = model;
    this.cacheKey = cacheKey;
  }
}
