import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimState } from "../handle-model-request.js";
import { readBody, sendJson } from "../http-io.js";
import { openBatchCall, sendOpenAIError, type BatchCall } from "./batch-http.js";
import { listPage, parseLimit } from "./list-page.js";
import { parseOpenAIBatchInput } from "./openai-batch-input.js";

// The simulator answers chat completions only; a batch for another endpoint would have nothing to run.
const ENDPOINTS = ["/v1/chat/completions"];
const WINDOWS = ["24h"];

interface CreateBody {
  input_file_id?: unknown;
  endpoint?: unknown;
  completion_window?: unknown;
  metadata?: unknown;
}

function isMetadata(value: unknown): value is Record<string, string> | null {
  if (value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value as object);
  return (
    entries.length <= 16 &&
    entries.every(([k, v]) => k.length <= 64 && typeof v === "string" && v.length <= 512)
  );
}

async function create(call: BatchCall): Promise<void> {
  const { state } = call;
  let body: CreateBody;
  try {
    body = JSON.parse(await readBody(call.req)) as CreateBody;
  } catch {
    return sendOpenAIError(call, 400, "We could not parse the JSON body of your request.");
  }
  const { input_file_id: fileId, endpoint, completion_window: window, metadata = null } = body ?? {};
  if (typeof fileId !== "string")
    return sendOpenAIError(call, 400, "Missing required parameter: 'input_file_id'.", {
      param: "input_file_id",
    });
  if (typeof endpoint !== "string" || !ENDPOINTS.includes(endpoint))
    return sendOpenAIError(
      call,
      400,
      `Invalid value for 'endpoint': ${JSON.stringify(endpoint)}. provider-sim runs batches for '/v1/chat/completions' only.`,
      { param: "endpoint" },
    );
  if (typeof window !== "string" || !WINDOWS.includes(window))
    return sendOpenAIError(
      call,
      400,
      `Invalid value: ${JSON.stringify(window)}. Supported values are: '24h'.`,
      {
        param: "completion_window",
      },
    );
  if (!isMetadata(metadata))
    return sendOpenAIError(
      call,
      400,
      "Invalid 'metadata': up to 16 pairs of a key (at most 64 characters) and a string value (at most 512).",
      { param: "metadata" },
    );
  const file = state.files.get(fileId);
  if (!file) return sendOpenAIError(call, 404, `No such File object: ${fileId}`, { param: "input_file_id" });
  if (file.purpose !== "batch")
    return sendOpenAIError(
      call,
      400,
      `The file ${fileId} has purpose '${file.purpose}'; upload the batch input with purpose 'batch'.`,
      { param: "input_file_id" },
    );
  // Validation is part of the batch's life ("validating"), so a bad file makes a failed batch, not a 400.
  const input = parseOpenAIBatchInput(file.data.toString("utf8"), endpoint, state.config);
  const batch = state.openaiBatches.create({
    inputFileId: fileId,
    endpoint,
    completionWindow: window,
    metadata,
    createdAtMs: Date.now(),
    ...(input.model !== undefined ? { model: input.model } : {}),
    lines: input.lines,
    errors: input.errors,
  });
  sendJson(call.res, 200, state.openaiBatches.view(batch, Date.now()));
}

function list(call: BatchCall): void {
  const limit = parseLimit(call.query.get("limit"), 20, 100);
  if (typeof limit === "string") return sendOpenAIError(call, 400, limit, { param: "limit" });
  const after = call.query.get("after") ?? undefined;
  const batches = call.state.openaiBatches.list();
  const page = listPage(batches, { limit, ...(after ? { after } : {}) });
  const now = Date.now();
  sendJson(call.res, 200, {
    object: "list",
    data: page.data.map((b) => call.state.openaiBatches.view(b, now)),
    first_id: page.data[0]?.id ?? null,
    last_id: page.data.at(-1)?.id ?? null,
    has_more: page.hasMore,
  });
}

function one(call: BatchCall, id: string, cancel: boolean): void {
  const batches = call.state.openaiBatches;
  const batch = batches.get(id);
  if (!batch) return sendOpenAIError(call, 404, `No batch found with id '${id}'.`, { param: "batch_id" });
  const now = Date.now();
  if (cancel && !batches.cancel(batch, now))
    return sendOpenAIError(
      call,
      409,
      `Cannot cancel a batch with status '${batches.view(batch, now).status}': it has already ended.`,
    );
  sendJson(call.res, 200, batches.view(batch, now));
}

type Handler = (state: SimState, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** OpenAI's Batch API: POST/GET /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel. */
export function openaiBatchesRoute(method: string | undefined, path: string): Handler | undefined {
  const match = /^\/v1\/batches(?:\/([^/]+)(\/cancel)?)?$/.exec(path);
  if (!match) return undefined;
  const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const cancel = match[2] !== undefined;
  const action =
    id === undefined
      ? method === "POST"
        ? create
        : method === "GET"
          ? list
          : undefined
      : method === (cancel ? "POST" : "GET")
        ? (call: BatchCall) => one(call, id, cancel)
        : undefined;
  if (!action) return undefined;
  return async (state, req, res) => {
    const call = openBatchCall("openai", state, req, res);
    if (call) await action(call);
  };
}
