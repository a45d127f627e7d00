import type { CacheableRequest } from "../cache/request-hash.js";
import type { AttemptRecord, GatewayResponse } from "../types.js";

/** The request as the cache key was computed from it, plus how the caller named the model. */
export interface RecordedRequest extends CacheableRequest {
  requestedModel: string;
  stream: boolean;
}

/** What the gateway hands its recorder (the provenance ledger) for every outcome that matters. */
export type RecordedCall =
  | { kind: "call"; request: RecordedRequest; tags?: Record<string, string>; response: GatewayResponse }
  | {
      kind: "cache_hit";
      request: RecordedRequest;
      tags?: Record<string, string>;
      /** The answer as served now: the new call id, cost 0. */
      response: GatewayResponse;
      /** The call id of the call that paid for the answer. */
      originalCallId: string;
    }
  | {
      kind: "failed";
      request: RecordedRequest;
      tags?: Record<string, string>;
      callId: string;
      cacheKey: string;
      code: string;
      message: string;
      attempts: AttemptRecord[];
      /** Every model tried, in order. */
      route: string[];
      startedAt: number;
      latencyMs: number;
    }
  | {
      kind: "budget_refused";
      callId: string;
      model: string;
      amountNanoUsd: number;
      spentNanoUsd: number;
      reservedNanoUsd: number;
      capNanoUsd: number;
      tags?: Record<string, string>;
    };

/**
 * Receives every call's outcome before `complete()` returns or throws. The gateway awaits it, so a
 * recorder that writes durably (the ledger's group commit) guarantees that no answer reaches the
 * caller, and no failure is reported, without its record.
 */
export interface CallRecorder {
  record(call: RecordedCall): void | Promise<void>;
}
