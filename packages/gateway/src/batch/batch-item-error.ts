import { DiscernusError } from "../errors.js";

export type BatchItemErrorCode = "batch_item_failed" | "batch_expired" | "batch_cancelled";

/**
 * One batch item without an answer, typed by why: the provider refused or failed it
 * (`batch_item_failed`, with its status and reason), the batch's completion window closed before
 * it ran (`batch_expired`), or the batch was cancelled first (`batch_cancelled`). `retryable` says
 * whether the same request is worth submitting again in a new batch.
 */
export class BatchItemError extends DiscernusError {
  declare readonly code: BatchItemErrorCode;
  readonly batchId: string;
  readonly customId: string;
  readonly provider: string;
  /** The provider's error code or type (`context_length_exceeded`, `server_error`...), when it gave one. */
  readonly reason: string | undefined;
  /** The HTTP status the item would have had as an interactive call, when the provider says. */
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(
    code: BatchItemErrorCode,
    args: {
      batchId: string;
      customId: string;
      provider: string;
      /** What happened, already free of secrets; the fix is appended here. */
      detail: string;
      reason?: string;
      status?: number;
      retryable: boolean;
      cause?: unknown;
    },
  ) {
    const fix =
      code === "batch_expired"
        ? "Submit it again in a new batch (smaller batches finish sooner), or run it live."
        : code === "batch_cancelled"
          ? "Submit it again in a new batch if its answer is still wanted."
          : args.retryable
            ? "This is a provider fault, not the request's: submit it again in a new batch, or run it live."
            : "Fix the request as the provider's message says, then submit it in a new batch.";
    super(code, `Batch ${args.batchId} (${args.provider}), item "${args.customId}": ${args.detail} ${fix}`, {
      cause: args.cause,
    });
    this.batchId = args.batchId;
    this.customId = args.customId;
    this.provider = args.provider;
    this.reason = args.reason;
    this.status = args.status;
    this.retryable = args.retryable;
  }
}
