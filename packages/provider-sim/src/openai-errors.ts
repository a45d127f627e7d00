import { BAD_GATEWAY_HTML, type ErrorReply, type ErrorSpec } from "./error-spec.js";
import { formatGoDuration } from "./go-duration.js";

const ORGANIZATION = "org-provider-sim";
const RATE_LIMITS_URL = "Visit https://platform.openai.com/account/rate-limits to learn more.";

/** Masks a key as OpenAI's 401 does ("sk-pr****1234"): enough to tell which key, still a secret. */
export function maskKey(key: string): string {
  if (key.length <= 8) return "*".repeat(key.length);
  return `${key.slice(0, 5)}${"*".repeat(Math.min(20, key.length - 9))}${key.slice(-4)}`;
}

function body(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
) {
  return { status, body: { error: { message, type, param, code } } };
}

function rateLimit(spec: Extract<ErrorSpec, { kind: "rate_limit" }>): ErrorReply {
  const perMinute = spec.dimension === "requests" ? "requests per min (RPM)" : "tokens per min (TPM)";
  const type = spec.dimension === "requests" ? "requests" : "tokens";
  if (spec.tooLarge) {
    return body(
      429,
      `Request too large for ${spec.model} in organization ${ORGANIZATION} on ${perMinute}: Limit ${spec.limit}, Requested ${spec.requested}. The input or output tokens must be reduced in order to run successfully. ${RATE_LIMITS_URL}`,
      type,
      "rate_limit_exceeded",
    );
  }
  const usage =
    spec.limit === undefined ? "" : ` Limit ${spec.limit}, Used ${spec.used}, Requested ${spec.requested}.`;
  return body(
    429,
    `Rate limit reached for ${spec.model} in organization ${ORGANIZATION} on ${perMinute}:${usage} Please try again in ${formatGoDuration(spec.retryAfterMs)}. ${RATE_LIMITS_URL}`,
    type,
    "rate_limit_exceeded",
  );
}

/** OpenAI's error bodies: {error: {message, type, param, code}}, with the messages it sends. */
export function openaiError(spec: ErrorSpec): ErrorReply {
  switch (spec.kind) {
    case "auth":
      return spec.key === undefined
        ? body(
            401,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            null,
          )
        : body(
            401,
            `Incorrect API key provided: ${maskKey(spec.key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            "invalid_request_error",
            "invalid_api_key",
          );
    case "not_found":
      return body(
        404,
        `The model \`${spec.model}\` does not exist or you do not have access to it.`,
        "invalid_request_error",
        "model_not_found",
      );
    case "bad_request":
      return body(400, spec.message, "invalid_request_error", spec.code ?? null, spec.param ?? null);
    case "context_length": {
      const total = spec.promptTokens + spec.maxTokens;
      return body(
        400,
        `This model's maximum context length is ${spec.contextWindow} tokens. However, you requested ${total} tokens (${spec.promptTokens} in the messages, ${spec.maxTokens} in the completion). Please reduce the length of the messages or completion.`,
        "invalid_request_error",
        "context_length_exceeded",
        "messages",
      );
    }
    case "rate_limit":
      return rateLimit(spec);
    case "server":
      if (spec.status === 502) return { status: 502, body: BAD_GATEWAY_HTML, contentType: "text/html" };
      if (spec.status === 500)
        return body(
          500,
          "The server had an error while processing your request. Sorry about that!",
          "server_error",
          null,
        );
      // OpenAI has no 529: an overloaded engine is a 503.
      return body(503, "The engine is currently overloaded, please try again later.", "server_error", null);
  }
}
