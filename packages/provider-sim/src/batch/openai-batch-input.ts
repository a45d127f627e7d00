import type { ResolvedSimConfig } from "../sim-config.js";

/** One line of a batch input file that passed validation. */
export interface OpenAIBatchLine {
  customId: string;
  body: unknown;
  /** 1-based, as OpenAI's errors name lines. */
  line: number;
}

/** An entry of a failed batch's errors.data, as OpenAI reports it. */
export interface BatchLineError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

export interface OpenAIBatchInput {
  lines: OpenAIBatchLine[];
  /** The one model the lines name (OpenAI runs a batch on one model). */
  model?: string;
  errors: BatchLineError[];
}

// A failed batch reports its first errors, not all of a 50,000-line file's.
const MAX_ERRORS = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates a batch input file as OpenAI does while a batch is "validating": every line a JSON
 * object with custom_id, method POST, url equal to the batch's endpoint, and a body naming a
 * model; custom_ids unique; one model for the whole file. What depends on the model's limits
 * (max_tokens, context window) is checked per item when the item runs, as OpenAI does.
 */
export function parseOpenAIBatchInput(
  text: string,
  endpoint: string,
  config: ResolvedSimConfig,
): OpenAIBatchInput {
  const lines: OpenAIBatchLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Map<string, number>();
  let model: string | undefined;
  const error = (line: number | null, code: string, message: string, param: string | null = null) => {
    if (errors.length < MAX_ERRORS) errors.push({ code, message, param, line });
  };
  const raw = text.split("\n");
  for (const [index, content] of raw.entries()) {
    const line = index + 1;
    if (content.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      error(
        line,
        "invalid_json_line",
        "This line is not parseable as valid JSON; each line must be one JSON object.",
      );
      continue;
    }
    if (!isObject(parsed)) {
      error(
        line,
        "invalid_json_line",
        "This line is not a JSON object; each line must be one request object.",
      );
      continue;
    }
    const { custom_id: customId, method, url, body } = parsed;
    if (typeof customId !== "string" || customId === "") {
      error(
        line,
        "missing_required_parameter",
        "Missing required parameter: 'custom_id' (a string unique in the file).",
        "custom_id",
      );
      continue;
    }
    if (method !== "POST") {
      error(
        line,
        "invalid_method",
        `Invalid method ${JSON.stringify(method)}; batch requests must use "POST".`,
        "method",
      );
      continue;
    }
    if (url !== endpoint) {
      error(
        line,
        "invalid_url",
        `The url ${JSON.stringify(url)} does not match the batch's endpoint '${endpoint}'; every line's url must be the endpoint the batch was created with.`,
        "url",
      );
      continue;
    }
    if (!isObject(body) || typeof body.model !== "string") {
      error(
        line,
        "missing_required_parameter",
        "Missing required parameter: 'body.model'; each line's body is a request naming its model.",
        "body.model",
      );
      continue;
    }
    const known = config.models.get(body.model);
    if (!known || known.provider !== "openai") {
      error(
        line,
        "model_not_found",
        `The model \`${body.model}\` does not exist or you do not have access to it.`,
        "body.model",
      );
      continue;
    }
    if (model !== undefined && body.model !== model) {
      error(
        line,
        "mismatched_model",
        `The model '${body.model}' differs from '${model}' on earlier lines; all requests in a batch must use the same model, so put each model in its own file.`,
        "body.model",
      );
      continue;
    }
    model = body.model;
    const first = seen.get(customId);
    if (first !== undefined) {
      error(
        line,
        "duplicate_custom_id",
        `The custom_id '${customId}' repeats the one on line ${first}; the custom_id parameter must be unique for each request in a batch.`,
        "custom_id",
      );
      continue;
    }
    seen.set(customId, line);
    lines.push({ customId, body, line });
  }
  if (lines.length === 0 && errors.length === 0)
    error(
      null,
      "empty_file",
      "The input file holds no requests; upload a JSONL file with one request per line.",
    );
  return { lines, ...(model !== undefined ? { model } : {}), errors };
}

/** Lines in a JSONL text that hold something (a trailing newline is no request). */
export function countJsonlRequests(text: string): number {
  let count = 0;
  for (const line of text.split("\n")) if (line.trim() !== "") count++;
  return count;
}
