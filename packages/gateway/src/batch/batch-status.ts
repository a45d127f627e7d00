import type { BatchFailedError } from "./batch-failed-error.js";

/**
 * Where a batch stands, the same for every provider. `ended`: every item ran; `expired`: the
 * completion window closed first (the items done have results, the rest expired); `cancelled`:
 * cancelled before the end (likewise); `failed`: refused whole, no item ran.
 */
export type BatchState =
  "validating" | "in_progress" | "finalizing" | "ended" | "expired" | "cancelled" | "failed";

export const FINAL_BATCH_STATES: ReadonlySet<BatchState> = new Set([
  "ended",
  "expired",
  "cancelled",
  "failed",
]);

/**
 * Items by outcome as the provider reports them. Anthropic counts outcomes only once the batch has
 * ended (until then all are `processing`); OpenAI counts expired and cancelled items as `errored`.
 */
export interface BatchCounts {
  total: number;
  processing: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
}

export interface BatchStatus {
  batchId: string;
  provider: string;
  state: BatchState;
  /** A cancel was asked and the provider is winding the batch down (state is still in_progress). */
  cancelling: boolean;
  counts: BatchCounts;
  /** Epoch ms, as the provider reports them. */
  createdAt: number;
  expiresAt: number | undefined;
  endedAt: number | undefined;
  /** Why a `failed` batch failed. */
  failure?: BatchFailedError;
}
