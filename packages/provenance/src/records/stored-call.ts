import { canonicalJson, type GatewayResponse, type RecordedRequest } from "@discernus/gateway";
import { sha256Hex } from "../sha256-hex.js";
import type { StoreMode, StoredRequest, StoredResponse } from "./ledger-records.js";

/** The request as the ledger keeps it: texts in full mode, their sha256 in hash mode. */
export function storedRequest(request: RecordedRequest, store: StoreMode): StoredRequest {
  return {
    model: request.requestedModel,
    resolvedModel: request.model,
    messages: request.messages.map((m) =>
      store === "full"
        ? { role: m.role, content: m.content }
        : { role: m.role, sha256: sha256Hex(m.content) },
    ),
    maxTokens: request.maxTokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
    stream: request.stream,
  };
}

/** The answer as the ledger keeps it: text and structured output, or their sha256 in hash mode. */
export function storedResponse(response: GatewayResponse, store: StoreMode): StoredResponse {
  const stored: StoredResponse = {
    model: response.model,
    provider: response.provider,
    finishReason: response.finishReason,
  };
  if (store === "full") {
    stored.text = response.text;
    if (response.json !== undefined) stored.json = response.json;
  } else {
    stored.textSha256 = sha256Hex(response.text);
    if (response.json !== undefined) stored.jsonSha256 = sha256Hex(canonicalJson(response.json));
  }
  if (response.providerRequestId) stored.providerRequestId = response.providerRequestId;
  return stored;
}
