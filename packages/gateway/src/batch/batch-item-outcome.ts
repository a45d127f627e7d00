import type { CostBreakdown, GatewayResponse } from "../types.js";
import type { BatchItemError } from "./batch-item-error.js";

/**
 * One batch item's answer, in the gateway's response shape: the fields that describe the answer
 * (text, parsed JSON when structured, usage by token kind, cost with the batch discount). What an
 * interactive call adds (attempts, latency, cache key) does not exist for a batch item.
 */
export interface BatchItemResponse extends Pick<
  GatewayResponse,
  | "model"
  | "provider"
  | "requestedModel"
  | "text"
  | "json"
  | "finishReason"
  | "usage"
  | "providerRequestId"
  | "simulated"
> {
  customId: string;
  batchId: string;
  cost: CostBreakdown;
}

export type BatchItemOutcome =
  | { customId: string; ok: true; response: BatchItemResponse }
  | { customId: string; ok: false; error: BatchItemError };
