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

/** sha256 of the canonical JSON of the request: the cache key, and later the ledger's lookup key. */
export function requestHash(request: CacheableRequest): string {
  const material = {
    v: 1,
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    seed: request.seed,
    responseFormat: request.responseFormat,
  };
  return createHash("sha256").update(canonicalJson(material)).digest("hex");
}
