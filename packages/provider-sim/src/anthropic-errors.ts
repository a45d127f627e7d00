import { BAD_GATEWAY_HTML, type ErrorReply, type ErrorSpec } from "./error-spec.js";

const UNITS = {
  requests: "requests",
  tokens: "tokens",
  input_tokens: "input tokens",
  output_tokens: "output tokens",
} as const;

/** Anthropic's error bodies: {type: "error", error: {type, message}, request_id}. */
export function anthropicError(spec: ErrorSpec, requestId: string): ErrorReply {
  const body = (status: number, type: string, message: string): ErrorReply => ({
    status,
    body: { type: "error", error: { type, message }, request_id: requestId },
  });
  switch (spec.kind) {
    case "auth":
      return body(
        401,
        "authentication_error",
        spec.key === undefined ? "x-api-key header is required" : "invalid x-api-key",
      );
    case "not_found":
      return body(404, "not_found_error", `model: ${spec.model}`);
    case "bad_request":
      return body(400, "invalid_request_error", spec.message);
    case "context_length":
      // Two refusals: the prompt alone over the window, or prompt + max_tokens over it.
      return spec.promptTokens > spec.contextWindow
        ? body(
            400,
            "invalid_request_error",
            `prompt is too long: ${spec.promptTokens} tokens > ${spec.contextWindow} maximum`,
          )
        : body(
            400,
            "invalid_request_error",
            `input length and \`max_tokens\` exceed context limit: ${spec.promptTokens} + ${spec.maxTokens} > ${spec.contextWindow}, decrease input length or \`max_tokens\` and try again`,
          );
    case "rate_limit": {
      const of = spec.limit === undefined ? "" : ` of ${spec.limit} ${UNITS[spec.dimension]} per minute`;
      return body(
        429,
        "rate_limit_error",
        `This request would exceed the rate limit for your organization${of}. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.`,
      );
    }
    case "server":
      switch (spec.status) {
        case 500:
          return body(500, "api_error", "Internal server error");
        case 502:
          return { status: 502, body: BAD_GATEWAY_HTML, contentType: "text/html" };
        case 503:
          return body(503, "api_error", "Service unavailable");
        case 529:
          return body(529, "overloaded_error", "Overloaded");
      }
  }
}
