import {
  canonicalJson,
  type ChatMessage,
  type Gateway,
  type GatewayRequest,
  type JsonSchemaFormat,
} from "@discernus/gateway";
import type { CallRecordFields } from "@discernus/provenance";
import { DriftInvalidError } from "./drift-errors.js";

/**
 * The request a call record holds, to be sent again as it was: same model (as named), messages,
 * maxTokens, temperature, topP, seed and response format; no fallback, so the named model answers;
 * `fresh`, so the ledger does not answer it. analyze() asks providers to cache the framework prompt
 * (a system message), which the ledger does not store as it cannot change an answer's hash: asked
 * the same way here. Throws if the rebuilt request does not hash to the recorded cache key (the
 * config now resolves the model elsewhere), since it would then not be the same request.
 */
export function driftRequest(
  gateway: Gateway,
  record: CallRecordFields,
  tags: Record<string, string>,
  frameworkFormat?: JsonSchemaFormat,
): GatewayRequest {
  const stored = record.request;
  const messages: ChatMessage[] = stored.messages.map((m) => {
    if (!("content" in m))
      throw new DriftInvalidError(`call ${record.call} keeps only sha256 of its messages.`);
    return { role: m.role, content: m.content };
  });
  const request: GatewayRequest = {
    model: stored.model,
    messages,
    maxTokens: stored.maxTokens,
    ...(stored.temperature !== undefined ? { temperature: stored.temperature } : {}),
    ...(stored.topP !== undefined ? { topP: stored.topP } : {}),
    ...(stored.seed !== undefined ? { seed: stored.seed } : {}),
    ...(stored.responseFormat !== undefined
      ? { responseFormat: inOriginalOrder(stored.responseFormat, frameworkFormat) }
      : {}),
    ...(stored.stream ? { stream: true } : {}),
    ...(messages[0]?.role === "system" ? { cacheSystemPrompt: true } : {}),
    fallbacks: [],
    fresh: true,
    tags,
  };
  const key = gateway.requestKey(request);
  if (key !== record.cacheKey)
    throw new DriftInvalidError(
      `call ${record.call} asked ${stored.resolvedModel}, but the config now resolves "${stored.model}" to ${gateway.resolve(stored.model).id}: asking it would not repeat the recorded request. Check drift with the config the study ran with.`,
    );
  return request;
}

/**
 * The ledger writes canonical JSON, so a stored schema has its keys sorted; but providers generate
 * structured output in the schema's property order, so the order is part of the request. The
 * framework's own format, when it is the same schema, restores the order it was sent in.
 */
function inOriginalOrder(
  stored: JsonSchemaFormat,
  frameworkFormat: JsonSchemaFormat | undefined,
): JsonSchemaFormat {
  return frameworkFormat !== undefined && canonicalJson(frameworkFormat) === canonicalJson(stored)
    ? frameworkFormat
    : stored;
}
