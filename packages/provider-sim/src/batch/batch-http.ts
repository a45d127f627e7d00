import type { IncomingMessage, ServerResponse } from "node:http";
import { anthropicProtocol } from "../anthropic-protocol.js";
import type { SimState } from "../handle-model-request.js";
import { randomId, sendJson } from "../http-io.js";
import { openaiProtocol } from "../openai-protocol.js";

/** What every Files / Batch endpoint starts with: the provider, the query, and a checked key. */
export interface BatchCall {
  state: SimState;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  requestId: string;
}

/**
 * Counts the request, checks its key as the interactive endpoints do, and answers a 401 in the
 * provider's shape when it fails; undefined then.
 */
export function openBatchCall(
  provider: "openai" | "anthropic",
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
): BatchCall | undefined {
  state.stats.recordBatchRequest(provider);
  const protocol = provider === "openai" ? openaiProtocol : anthropicProtocol;
  const requestId = randomId("req_", state.random);
  const key = protocol.apiKey(req);
  if (!key || (state.config.apiKeys && !state.config.apiKeys.has(key))) {
    const reply = protocol.error({ kind: "auth", key }, requestId);
    sendJson(res, reply.status, reply.body, protocol.requestIdHeader(requestId));
    return undefined;
  }
  const query = new URL(req.url ?? "/", "http://sim").searchParams;
  return { state, req, res, query, requestId };
}

/** OpenAI's error body: {error: {message, type, param, code}}. */
export function sendOpenAIError(
  call: BatchCall,
  status: number,
  message: string,
  options: { param?: string; code?: string } = {},
): void {
  sendJson(
    call.res,
    status,
    {
      error: {
        message,
        type: "invalid_request_error",
        param: options.param ?? null,
        code: options.code ?? null,
      },
    },
    openaiProtocol.requestIdHeader(call.requestId),
  );
}

/** Anthropic's error body: {type: "error", error: {type, message}, request_id}. */
export function sendAnthropicError(call: BatchCall, status: number, type: string, message: string): void {
  sendJson(
    call.res,
    status,
    { type: "error", error: { type, message }, request_id: call.requestId },
    anthropicProtocol.requestIdHeader(call.requestId),
  );
}

/** The declared body size, if the client declared one. */
export function declaredBytes(req: IncomingMessage): number | undefined {
  const length = req.headers["content-length"];
  return length === undefined ? undefined : Number(length);
}
