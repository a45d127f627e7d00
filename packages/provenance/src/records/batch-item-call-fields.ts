import { ZERO_USAGE, type GatewayResponse } from "@discernus/gateway";
import type { LedgerBatch } from "../index/ledger-batch.js";
import type { BatchRecordItem, CallRecordFields, StoreMode } from "./ledger-records.js";
import { storedResponse } from "./stored-call.js";

/** One item of a collected batch: its answer, or why it has none. */
export type CollectedItem =
  | { item: BatchRecordItem; callId: string; response: GatewayResponse }
  | { item: BatchRecordItem; callId: string; error: { code: string; message: string } };

/**
 * The `call` record of one batch item. The request is the one the `submitted` record holds, as
 * sent; `timing` runs from the batch's submission to its collection, since the provider does not
 * say when each item ran; `attempts` is empty because the provider, not the gateway, ran it.
 */
export function batchItemCallFields(
  batch: LedgerBatch,
  collected: CollectedItem,
  store: StoreMode,
  now: Date,
  tags: Record<string, string> | undefined,
): CallRecordFields {
  const { item } = collected;
  const latencyMs = Math.max(0, now.getTime() - Date.parse(batch.submittedAt));
  const common = {
    call: collected.callId,
    cacheKey: item.customId,
    store,
    request: item.request,
    attempts: [],
    route: ["response" in collected ? collected.response.model : item.request.resolvedModel],
    timing: { startedAt: batch.submittedAt, latencyMs },
    ...(tags ? { tags } : {}),
    batch: { id: batch.batch, submittedSeq: batch.submitted.seq },
  };
  if ("response" in collected) {
    const r = collected.response;
    return {
      ...common,
      outcome: "ok",
      response: storedResponse(r, store),
      usage: r.usage,
      cost: r.cost,
      simulated: r.simulated,
    };
  }
  return {
    ...common,
    outcome: "failed",
    error: collected.error,
    // A batch item that failed is not billed.
    usage: { ...ZERO_USAGE },
    cost: { totalNanoUsd: 0, byKind: { ...ZERO_USAGE }, source: { name: "none", version: "0" } },
    simulated: false,
  };
}
