import type { IncomingMessage, ServerResponse } from "node:http";
import { anthropicProtocol } from "./anthropic-protocol.js";
import { readBody, sendJson } from "./http-io.js";
import { openaiProtocol } from "./openai-protocol.js";
import type { Protocol } from "./protocol.js";
import type { ResolvedSimConfig } from "./sim-config.js";

// A fixed creation time keeps listings deterministic.
const CREATED_SECONDS = 1_735_689_600; // 2025-01-01T00:00:00Z

/** Both APIs list models at GET /v1/models; the auth header tells which is asking. */
export function protocolOf(req: IncomingMessage): Protocol {
  return req.headers["x-api-key"] !== undefined || req.headers["anthropic-version"] !== undefined
    ? anthropicProtocol
    : openaiProtocol;
}

function authorized(protocol: Protocol, req: IncomingMessage, config: ResolvedSimConfig): string | undefined {
  const key = protocol.apiKey(req);
  return key && (!config.apiKeys || config.apiKeys.has(key)) ? key : undefined;
}

function describe(protocol: Protocol, id: string) {
  return protocol.provider === "openai"
    ? { id, object: "model", created: CREATED_SECONDS, owned_by: "system" }
    : { type: "model", id, display_name: id, created_at: new Date(CREATED_SECONDS * 1000).toISOString() };
}

/** GET /v1/models and GET /v1/models/{id}, in the asking provider's shape. */
export function handleModelsRoute(
  config: ResolvedSimConfig,
  req: IncomingMessage,
  res: ServerResponse,
  id?: string,
): void {
  const protocol = protocolOf(req);
  const key = authorized(protocol, req, config);
  if (!key) {
    const reply = protocol.error({ kind: "auth", key: protocol.apiKey(req) }, "req_models");
    return sendJson(res, reply.status, reply.body);
  }
  const ids = [...config.models.values()].filter((m) => m.provider === protocol.provider).map((m) => m.id);
  if (id !== undefined) {
    if (ids.includes(id)) return sendJson(res, 200, describe(protocol, id));
    const reply = protocol.error({ kind: "not_found", model: id }, "req_models");
    return sendJson(res, reply.status, reply.body);
  }
  if (protocol.provider === "openai")
    return sendJson(res, 200, { object: "list", data: ids.map((m) => describe(protocol, m)) });
  return sendJson(res, 200, {
    data: ids.map((m) => describe(protocol, m)),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  });
}

/** Anthropic's POST /v1/messages/count_tokens: the input tokens a message would cost. */
export async function handleCountTokens(
  config: ResolvedSimConfig,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const text = await readBody(req);
  const key = authorized(anthropicProtocol, req, config);
  if (!key) {
    const reply = anthropicProtocol.error({ kind: "auth", key: anthropicProtocol.apiKey(req) }, "req_count");
    return sendJson(res, reply.status, reply.body);
  }
  let parsed;
  try {
    // count_tokens takes a message request without max_tokens.
    parsed = anthropicProtocol.parse({ max_tokens: 1, ...(JSON.parse(text) as object) });
  } catch {
    parsed = { error: "Invalid JSON body" };
  }
  if ("error" in parsed) {
    const reply = anthropicProtocol.error({ kind: "bad_request", message: parsed.error }, "req_count");
    return sendJson(res, reply.status, reply.body);
  }
  if (config.models.get(parsed.model)?.provider !== "anthropic") {
    const reply = anthropicProtocol.error({ kind: "not_found", model: parsed.model }, "req_count");
    return sendJson(res, reply.status, reply.body);
  }
  sendJson(res, 200, { input_tokens: parsed.promptTokens });
}
