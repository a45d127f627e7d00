import { createHash } from "node:crypto";
import type { ChatMessage, JsonSchemaFormat } from "../types.js";
import { canonicalJson } from "./canonical-json.js";

/** Everything that can change a model's answer, and nothing else (streaming, tags and signals do not). */
export interface CacheableRequest {
  /** The resolved `"<provider>/<model>"` first asked for (a fallback's answer is cached under it). */
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  responseFormat?: JsonSchemaFormat;
}

// A study repeats one system prompt (kilobytes) and one schema in every request. Encoded once
// each, they are fed to the hash as the same strings every time, instead of building a fresh
// ~7 KB canonical string per request: 100,000 requests made 700 MB of garbage that the heap kept.
const LONG_TEXT = 1024;
const TEXTS_KEPT = 64;
const encodedTexts = new Map<string, string>();
const encodedObjects = new WeakMap<object, string>();

function encodedText(text: string): string {
  if (text.length < LONG_TEXT) return JSON.stringify(text);
  let encoded = encodedTexts.get(text);
  if (encoded === undefined) {
    encoded = JSON.stringify(text);
    if (encodedTexts.size >= TEXTS_KEPT) encodedTexts.delete(encodedTexts.keys().next().value!);
    encodedTexts.set(text, encoded);
  }
  return encoded;
}

/** A frozen object (a framework's answer format) cannot change, so its encoding is kept. */
function encodedObject(value: object): string {
  if (!Object.isFrozen(value)) return canonicalJson(value);
  let encoded = encodedObjects.get(value);
  if (encoded === undefined) encodedObjects.set(value, (encoded = canonicalJson(value)));
  return encoded;
}

const number = (n: number) => canonicalJson(n);

/**
 * sha256 of the canonical JSON of the request: the cache key, and later the ledger's lookup key.
 * The bytes hashed are exactly `canonicalJson({ v: 1, model, messages: [{ role, content }],
 * maxTokens, temperature, topP, seed, responseFormat })`, written member by member in sorted key
 * order (maxTokens, messages, model, responseFormat, seed, temperature, topP, v).
 */
export function requestHash(request: CacheableRequest): string {
  const hash = createHash("sha256");
  hash.update(`{"maxTokens":${number(request.maxTokens)},"messages":[`);
  request.messages.forEach((m, i) => {
    hash.update(i === 0 ? '{"content":' : ',{"content":');
    hash.update(encodedText(m.content));
    hash.update(`,"role":${JSON.stringify(m.role)}}`);
  });
  hash.update(`],"model":${JSON.stringify(request.model)}`);
  if (request.responseFormat !== undefined) {
    hash.update(',"responseFormat":');
    hash.update(encodedObject(request.responseFormat));
  }
  if (request.seed !== undefined) hash.update(`,"seed":${number(request.seed)}`);
  if (request.temperature !== undefined) hash.update(`,"temperature":${number(request.temperature)}`);
  if (request.topP !== undefined) hash.update(`,"topP":${number(request.topP)}`);
  return hash.update(',"v":1}').digest("hex");
}
