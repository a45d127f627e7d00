import { DiscernusError } from "../errors.js";
import type { BatchState } from "./batch-status.js";

/** Results were asked of a batch still running: they exist only once it has ended. */
export class BatchNotEndedError extends DiscernusError {
  readonly batchId: string;
  readonly state: BatchState;
  constructor(batchId: string, provider: string, state: BatchState) {
    super(
      "batch_not_ended",
      `Batch ${batchId} (${provider}) is still ${state}; its results exist once it has ended. Poll it until its state is ended, expired or cancelled (waitForBatch does), then ask again.`,
    );
    this.batchId = batchId;
    this.state = state;
  }
}
