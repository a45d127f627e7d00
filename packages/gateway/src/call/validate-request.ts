import { InvalidRequestError } from "../errors.js";
import type { GatewayRequest } from "../types.js";

const ROLES = new Set(["system", "user", "assistant"]);
const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function isFiniteIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

/** Checks a request before anything is reserved or sent; each error names the field and the fix. */
export function validateRequest(request: GatewayRequest): void {
  if (request === null || typeof request !== "object") {
    throw new InvalidRequestError("request", "expected an object like { model, messages }.");
  }
  if (typeof request.model !== "string" || request.model.trim() === "") {
    throw new InvalidRequestError(
      "model",
      'name a model, e.g. "openai/gpt-4o-mini" or an alias from the config.',
    );
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new InvalidRequestError(
      "messages",
      'give at least one message, e.g. [{ role: "user", content: "..." }].',
    );
  }
  request.messages.forEach((m, i) => {
    if (m === null || typeof m !== "object" || !ROLES.has(m.role)) {
      throw new InvalidRequestError(`messages[${i}].role`, 'must be "system", "user" or "assistant".');
    }
    if (typeof m.content !== "string") {
      throw new InvalidRequestError(
        `messages[${i}].content`,
        `must be a string, got ${m.content === null ? "null" : typeof m.content}.`,
      );
    }
  });
  if (!request.messages.some((m) => m.role === "user")) {
    throw new InvalidRequestError("messages", "needs at least one user message.");
  }
  if (request.maxTokens !== undefined && !(Number.isInteger(request.maxTokens) && request.maxTokens >= 1)) {
    throw new InvalidRequestError(
      "maxTokens",
      `must be a whole number of at least 1, got ${String(request.maxTokens)}.`,
    );
  }
  if (request.temperature !== undefined && !isFiniteIn(request.temperature, 0, 2)) {
    throw new InvalidRequestError(
      "temperature",
      `must be a number from 0 to 2, got ${String(request.temperature)}.`,
    );
  }
  if (request.topP !== undefined && !isFiniteIn(request.topP, 0, 1)) {
    throw new InvalidRequestError("topP", `must be a number from 0 to 1, got ${String(request.topP)}.`);
  }
  if (request.seed !== undefined && !Number.isSafeInteger(request.seed)) {
    throw new InvalidRequestError("seed", `must be a whole number, got ${String(request.seed)}.`);
  }
  const format = request.responseFormat;
  if (format !== undefined) {
    if (format === null || typeof format !== "object" || format.type !== "json_schema") {
      throw new InvalidRequestError("responseFormat", 'must be { type: "json_schema", name, schema }.');
    }
    if (typeof format.name !== "string" || !SCHEMA_NAME.test(format.name)) {
      throw new InvalidRequestError(
        "responseFormat.name",
        "must be 1-64 letters, digits, _ or - (providers require it).",
      );
    }
    if (format.schema === null || typeof format.schema !== "object" || Array.isArray(format.schema)) {
      throw new InvalidRequestError("responseFormat.schema", "must be a JSON Schema object.");
    }
  }
  if (
    request.fallbacks !== undefined &&
    !(Array.isArray(request.fallbacks) && request.fallbacks.every((f) => typeof f === "string"))
  ) {
    throw new InvalidRequestError("fallbacks", "must be a list of model names.");
  }
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal)) {
    throw new InvalidRequestError("signal", "must be an AbortSignal (from new AbortController().signal).");
  }
}
