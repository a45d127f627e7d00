import type { GatewayResponse } from "@discernus/gateway";
import type { CallRecordFields } from "./ledger-records.js";

/**
 * The answer a full-mode call record holds, as the gateway returns it; undefined when the record
 * cannot answer (a failed call, or hash mode, which keeps no text).
 */
export function responseFromRecord(record: CallRecordFields): GatewayResponse | undefined {
  const r = record.response;
  if (record.outcome !== "ok" || !r || r.text === undefined) return undefined;
  const response: GatewayResponse = {
    callId: record.call,
    model: r.model,
    provider: r.provider,
    requestedModel: record.request.model,
    text: r.text,
    finishReason: r.finishReason,
    usage: record.usage,
    cost: record.cost,
    attempts: record.attempts,
    route: record.route,
    cacheKey: record.cacheKey,
    cached: false,
    latencyMs: record.timing.latencyMs,
    simulated: record.simulated,
  };
  if (r.json !== undefined) response.json = r.json;
  if (r.providerRequestId) response.providerRequestId = r.providerRequestId;
  if (record.batch) response.batchId = record.batch.id;
  return response;
}
