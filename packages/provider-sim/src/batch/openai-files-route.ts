import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimState } from "../handle-model-request.js";
import { readRawBody, sendJson, sendText } from "../http-io.js";
import { OPENAI_BATCH_MAX_FILE_BYTES, OPENAI_BATCH_MAX_REQUESTS } from "./batch-limits.js";
import { declaredBytes, openBatchCall, sendOpenAIError, type BatchCall } from "./batch-http.js";
import { listPage, parseLimit } from "./list-page.js";
import { multipartBoundary, parseMultipart } from "./multipart-form.js";
import { countJsonlRequests } from "./openai-batch-input.js";
import { fileObject } from "./openai-files.js";

// The Files API takes files up to 512 MB; what a batch may use is checked against its own limit.
const FILE_MAX_BYTES = 512 * 1024 * 1024;
// Multipart framing around the file: headers, boundaries, the purpose field.
const FORM_OVERHEAD_BYTES = 64 * 1024;
const PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];
const MB = 1024 * 1024;

async function upload(call: BatchCall): Promise<void> {
  const { state, req } = call;
  const boundary = multipartBoundary(req.headers["content-type"]);
  if (!boundary)
    return sendOpenAIError(
      call,
      400,
      "Upload a file as multipart/form-data with the fields 'file' and 'purpose'.",
    );
  const declared = declaredBytes(req);
  if (declared !== undefined && declared > FILE_MAX_BYTES + FORM_OVERHEAD_BYTES) {
    req.resume(); // Drain what the client still sends, so that it reads the answer.
    return sendOpenAIError(
      call,
      413,
      `File is too large: ${declared} bytes; the Files API takes files up to 512 MB.`,
      {
        param: "file",
      },
    );
  }
  const parts = parseMultipart(await readRawBody(req, FILE_MAX_BYTES + FORM_OVERHEAD_BYTES), boundary);
  const purpose = parts.find((p) => p.name === "purpose")?.data.toString("utf8");
  const file = parts.find((p) => p.name === "file");
  if (purpose === undefined)
    return sendOpenAIError(call, 400, "Missing required parameter: 'purpose'.", { param: "purpose" });
  if (!PURPOSES.includes(purpose))
    return sendOpenAIError(
      call,
      400,
      `Invalid value for 'purpose': '${purpose}'. Supported values are: ${PURPOSES.map((p) => `'${p}'`).join(", ")}.`,
      { param: "purpose" },
    );
  if (!file) return sendOpenAIError(call, 400, "Missing required parameter: 'file'.", { param: "file" });
  if (purpose === "batch") {
    // OpenAI refuses a batch file over its limits at upload: the client must split its requests.
    if (file.data.length > OPENAI_BATCH_MAX_FILE_BYTES)
      return sendOpenAIError(
        call,
        400,
        `The batch input file is ${(file.data.length / MB).toFixed(1)} MB; a batch file can be at most 200 MB. Split the requests across several files and batches.`,
        { param: "file", code: "file_too_large" },
      );
    const requests = countJsonlRequests(file.data.toString("utf8"));
    if (requests > OPENAI_BATCH_MAX_REQUESTS)
      return sendOpenAIError(
        call,
        400,
        `The batch input file holds ${requests} requests; a batch can hold at most ${OPENAI_BATCH_MAX_REQUESTS}. Split the requests across several files and batches.`,
        { param: "file", code: "too_many_requests_in_batch" },
      );
  }
  const stored = state.files.add(file.filename ?? "upload", purpose, file.data, Date.now());
  sendJson(call.res, 200, fileObject(stored));
}

function list(call: BatchCall): void {
  const limit = parseLimit(call.query.get("limit"), 10_000, 10_000);
  if (typeof limit === "string") return sendOpenAIError(call, 400, limit, { param: "limit" });
  const after = call.query.get("after") ?? undefined;
  const files = call.state.files.list(call.query.get("purpose") ?? undefined).map(fileObject);
  const page = listPage(files, { limit, ...(after ? { after } : {}) });
  sendJson(call.res, 200, {
    object: "list",
    data: page.data,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data.at(-1)?.id ?? null,
    has_more: page.hasMore,
  });
}

function one(call: BatchCall, id: string, action: "get" | "content" | "delete"): void {
  const file = call.state.files.get(id);
  if (!file) return sendOpenAIError(call, 404, `No such File object: ${id}`, { param: "id" });
  if (action === "get") return sendJson(call.res, 200, fileObject(file));
  if (action === "content")
    return sendText(call.res, 200, file.data.toString("utf8"), "application/octet-stream");
  call.state.files.delete(id);
  sendJson(call.res, 200, { id, object: "file", deleted: true });
}

type Handler = (state: SimState, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** OpenAI's Files API: POST/GET /v1/files, GET/DELETE /v1/files/{id}, GET /v1/files/{id}/content. */
export function openaiFilesRoute(method: string | undefined, path: string): Handler | undefined {
  const match = /^\/v1\/files(?:\/([^/]+)(\/content)?)?$/.exec(path);
  if (!match) return undefined;
  const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  const content = match[2] !== undefined;
  const action =
    id === undefined
      ? method === "POST"
        ? upload
        : method === "GET"
          ? list
          : undefined
      : method === "GET"
        ? (call: BatchCall) => one(call, id, content ? "content" : "get")
        : method === "DELETE" && !content
          ? (call: BatchCall) => one(call, id, "delete")
          : undefined;
  if (!action) return undefined;
  return async (state, req, res) => {
    const call = openBatchCall("openai", state, req, res);
    if (call) await action(call);
  };
}
