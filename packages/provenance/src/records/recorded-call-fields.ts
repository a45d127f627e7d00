import type { RecordedCall } from "@discernus/gateway";
import { ZERO_USAGE } from "@discernus/gateway";
import type {
  BudgetRecordFields,
  CacheHitRecordFields,
  CallRecordFields,
  StoreMode,
} from "./ledger-records.js";
import { storedRequest, storedResponse } from "./stored-call.js";

export type RecordFields =
  | { type: "call"; fields: CallRecordFields }
  | { type: "cache_hit"; fields: CacheHitRecordFields }
  | { type: "budget"; fields: BudgetRecordFields };

/**
 * Turns what the gateway reports into the ledger record that keeps it. `originalSeq` is where the
 * answer of a cache hit was recorded; `now` dates calls whose clock is the caller's.
 */
export function recordedCallFields(
  call: RecordedCall,
  store: StoreMode,
  originalSeq: number,
  now: Date,
): RecordFields {
  const tags = "tags" in call && call.tags ? { tags: call.tags } : {};
  switch (call.kind) {
    case "call": {
      const r = call.response;
      return {
        type: "call",
        fields: {
          call: r.callId,
          outcome: "ok",
          cacheKey: r.cacheKey,
          store,
          request: storedRequest(call.request, store),
          response: storedResponse(r, store),
          usage: r.usage,
          cost: r.cost,
          attempts: r.attempts,
          route: r.route,
          timing: { startedAt: new Date(now.getTime() - r.latencyMs).toISOString(), latencyMs: r.latencyMs },
          simulated: r.simulated,
          ...(r.replayOf !== undefined ? { replayOf: r.replayOf } : {}),
          ...tags,
        },
      };
    }
    case "failed":
      return {
        type: "call",
        fields: {
          call: call.callId,
          outcome: "failed",
          cacheKey: call.cacheKey,
          store,
          request: storedRequest(call.request, store),
          error: { code: call.code, message: call.message },
          // Providers do not report usage for a failed attempt; nothing is billed that we can see.
          usage: { ...ZERO_USAGE },
          cost: {
            totalNanoUsd: 0,
            byKind: { ...ZERO_USAGE },
            source: { name: "none", version: "0" },
          },
          attempts: call.attempts,
          route: call.route,
          timing: {
            startedAt: new Date(now.getTime() - call.latencyMs).toISOString(),
            latencyMs: call.latencyMs,
          },
          simulated: false,
          ...tags,
        },
      };
    case "cache_hit":
      return {
        type: "cache_hit",
        fields: {
          call: call.response.callId,
          cacheKey: call.response.cacheKey,
          original: { call: call.originalCallId, seq: originalSeq },
          model: call.request.model,
          ...tags,
        },
      };
    case "budget_refused":
      return {
        type: "budget",
        fields: {
          action: "refused",
          capNanoUsd: call.capNanoUsd,
          spentNanoUsd: call.spentNanoUsd,
          reservedNanoUsd: call.reservedNanoUsd,
          amountNanoUsd: call.amountNanoUsd,
          call: call.callId,
        },
      };
  }
}
