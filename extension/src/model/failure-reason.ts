/**
 * What a failure code means to a researcher, and what to do (the gateway's DiscernusErrorCode,
 * packages/gateway/src/errors.ts). Unknown codes are shown as they are.
 */
const REASONS: Record<string, string> = {
  budget_exceeded: "refused: the budget cap would be passed (raise budget.capUsd to run them)",
  rate_limited: "rate limited (429) after every retry",
  provider_overloaded: "the provider was overloaded (529) after every retry",
  provider_server_error: "the provider failed (5xx) after every retry",
  provider_timeout: "timed out after every retry",
  provider_connection: "the connection failed after every retry",
  malformed_response: "the provider's answer could not be read",
  provider_auth: "the API key was refused (check the key in the environment)",
  provider_bad_request: "the provider refused the request as invalid",
  missing_api_key: "no API key in the environment for this provider",
  unknown_model: "the model is not in the config",
  unpriced_model: "the model has no known price (add one in the config)",
  context_window_exceeded: "the prompt does not fit the model's context window",
  invalid_request: "the request was invalid",
  replay_miss: "replay: the ledger holds no answer for this request",
  aborted: "cancelled",
  invalid_answer: "the answer did not fit the framework after its retry",
};

export function failureReason(code: string): string {
  return REASONS[code] ?? code.replace(/_/g, " ");
}
