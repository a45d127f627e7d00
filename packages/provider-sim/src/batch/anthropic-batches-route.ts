import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimState } from "../handle-model-request.js";
import { readRawBody, sendJson, sendText } from "../http-io.js";
import type { AnthropicBatchRequest } from "./anthropic-batches.js";
import { ANTHROPIC_BATCH_MAX_BYTES, ANTHROPIC_BATCH_MAX_REQUESTS } from "./batch-limits.js";
import { declaredBytes, openBatchCall, sendAnthropicError, type BatchCall } from "./batch-http.js";
import { listPage, parseLimit } from "./list-page.js";

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

const badRequest = (call: BatchCall, message: string) =>
  sendAnthropicError(call, 400, "invalid_request_error", message);

/** The requests of a create body, or the message of Anthropic's 400 naming the first bad field. */
function checkRequests(body: unknown): AnthropicBatchRequest[] | string {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (requests === undefined) return "requests: Field required";
  if (!Array.isArray(requests)) return "requests: Input should be a valid list";
  if (requests.length === 0) return "requests: List should have at least 1 item after validation, not 0";
  if (requests.length > ANTHROPIC_BATCH_MAX_REQUESTS)
    return `requests: List should have at most ${ANTHROPIC_BATCH_MAX_REQUESTS} items after validation, not ${requests.length}. Split the requests across several batches.`;
  const seen = new Map<string, number>();
  const checked: AnthropicBatchRequest[] = [];
  for (const [i, raw] of requests.entries()) {
    const { custom_id: customId, params } = (raw ?? {}) as { custom_id?: unknown; params?: unknown };
    if (typeof customId !== "string" || !CUSTOM_ID.test(customId))
      return `requests.${i}.custom_id: String should match pattern '${CUSTOM_ID.source}', got ${JSON.stringify(customId)}`;
    if (typeof params !== "object" || params === null || Array.isArray(params))
      return `requests.${i}.params: Field required (the body of a Messages API request)`;
    const first = seen.get(customId);
    if (first !== undefined)
      return `requests.${i}.custom_id: '${customId}' repeats requests.${first}.custom_id; every custom_id in a batch must be unique.`;
    seen.set(customId, i);
    // Params are checked when each item runs, as Anthropic does: a bad one becomes an errored result.
    checked.push({ customId, params });
  }
  return checked;
}

async function create(call: BatchCall): Promise<void> {
  const declared = declaredBytes(call.req);
  const tooLarge = () =>
    sendAnthropicError(
      call,
      413,
      "request_too_large",
      `Request exceeds the maximum allowed number of bytes: a batch may be at most 256 MB. Split the requests across several batches.`,
    );
  if (declared !== undefined && declared > ANTHROPIC_BATCH_MAX_BYTES) {
    call.req.resume(); // Drain what the client still sends, so that it reads the answer.
    return tooLarge();
  }
  let body: unknown;
  try {
    body = JSON.parse((await readRawBody(call.req, ANTHROPIC_BATCH_MAX_BYTES)).toString("utf8"));
  } catch {
    if (call.req.destroyed) return;
    return badRequest(call, "The request body is not valid JSON.");
  }
  const requests = checkRequests(body);
  if (typeof requests === "string") return badRequest(call, requests);
  const batches = call.state.anthropicBatches;
  const now = Date.now();
  sendJson(call.res, 200, batches.view(batches.create(requests, now), now, baseUrl(call.req)));
}

/** Where this server is reached, for results_url (the SDK fetches that absolute URL). */
function baseUrl(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

function list(call: BatchCall): void {
  const limit = parseLimit(call.query.get("limit"), 20, 1000);
  if (typeof limit === "string") return badRequest(call, limit);
  const after = call.query.get("after_id") ?? undefined;
  const before = call.query.get("before_id") ?? undefined;
  const batches = call.state.anthropicBatches;
  const page = listPage(batches.list(), {
    limit,
    ...(after ? { after } : {}),
    ...(before ? { before } : {}),
  });
  const now = Date.now();
  sendJson(call.res, 200, {
    data: page.data.map((b) => batches.view(b, now, baseUrl(call.req))),
    has_more: page.hasMore,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data.at(-1)?.id ?? null,
  });
}

function one(call: BatchCall, id: string, action: "get" | "cancel" | "results" | "delete"): void {
  const batches = call.state.anthropicBatches;
  const batch = batches.get(id);
  if (!batch)
    return sendAnthropicError(call, 404, "not_found_error", `No Message Batch found with id '${id}'.`);
  const now = Date.now();
  const status = batches.status(batch, now);
  switch (action) {
    case "get":
      break;
    case "cancel":
      if (!batches.cancel(batch, now))
        return badRequest(
          call,
          `Message Batch ${id} has already ended; only a batch in progress can be canceled.`,
        );
      break;
    case "results": {
      const results = batches.results(batch, now);
      if (results === undefined)
        return badRequest(
          call,
          `Message Batch ${id} has not ended yet (processing_status '${status}'); poll it until processing_status is 'ended', then fetch its results_url.`,
        );
      return sendText(call.res, 200, results, "application/binary");
    }
    case "delete":
      if (status !== "ended")
        return badRequest(
          call,
          `Message Batch ${id} cannot be deleted while processing_status is '${status}'; cancel it and wait until it is 'ended'.`,
        );
      batches.delete(batch);
      return sendJson(call.res, 200, { id, type: "message_batch_deleted" });
  }
  sendJson(call.res, 200, batches.view(batch, now, baseUrl(call.req)));
}

type Handler = (state: SimState, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Anthropic's Message Batches: POST/GET /v1/messages/batches, GET/DELETE /v1/messages/batches/{id},
 * POST …/{id}/cancel, GET …/{id}/results.
 */
export function anthropicBatchesRoute(method: string | undefined, path: string): Handler | undefined {
  const match = /^\/v1\/messages\/batches(?:\/([^/]+)(?:\/(cancel|results))?)?$/.exec(path);
  if (!match) return undefined;
  const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const sub = match[2];
  let action: ((call: BatchCall) => void | Promise<void>) | undefined;
  if (id === undefined) action = method === "POST" ? create : method === "GET" ? list : undefined;
  else if (sub === "cancel") action = method === "POST" ? (call) => one(call, id, "cancel") : undefined;
  else if (sub === "results") action = method === "GET" ? (call) => one(call, id, "results") : undefined;
  else if (method === "GET") action = (call) => one(call, id, "get");
  else if (method === "DELETE") action = (call) => one(call, id, "delete");
  if (!action) return undefined;
  const run = action;
  return async (state, req, res) => {
    const call = openBatchCall("anthropic", state, req, res);
    if (call) await run(call);
  };
}
