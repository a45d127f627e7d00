import type { BatchProviderKind } from "./batch-limits.js";
import type { BatchItemOutcome } from "./batch-item-outcome.js";
import type { BatchStatus } from "./batch-status.js";
import type { PlannedBatch } from "./plan-batches.js";

/** What a submitted batch is found again by (keep it: a run resumes from it). */
export interface SubmittedBatch {
  batchId: string;
  provider: string;
  providerKind: BatchProviderKind;
  itemCount: number;
  /** OpenAI: the uploaded JSONL input file. */
  inputFileId?: string;
  submittedAt: number;
}

export interface BatchCallOptions {
  signal?: AbortSignal;
}

/**
 * One provider's Batch API behind the gateway. Every method makes plain SDK calls (SDK retries off,
 * as for interactive calls) and throws typed, key-free DiscernusErrors.
 */
export interface BatchAdapter {
  readonly provider: string;
  readonly kind: BatchProviderKind;
  submit(
    batch: PlannedBatch,
    options?: BatchCallOptions & { metadata?: Record<string, string> },
  ): Promise<SubmittedBatch>;
  poll(batchId: string, options?: BatchCallOptions): Promise<BatchStatus>;
  /**
   * Every item of `batch` in plan order, answered or with its typed error. Throws
   * BatchNotEndedError while the batch runs and BatchFailedError when it failed whole.
   */
  results(batch: PlannedBatch, batchId: string, options?: BatchCallOptions): Promise<BatchItemOutcome[]>;
  /** Asks the provider to cancel; items done so far keep their results. */
  cancel(batchId: string, options?: BatchCallOptions): Promise<BatchStatus>;
}
