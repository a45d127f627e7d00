import { AbortedError } from "../errors.js";
import { abortableSleep } from "./abortable-sleep.js";
import type { BatchAdapter } from "./batch-adapter.js";
import { FINAL_BATCH_STATES, type BatchStatus } from "./batch-status.js";

export interface WaitForBatchOptions {
  /** Between polls. Default 30,000 ms: batches take minutes to hours, and each poll is a request. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Told every status polled (progress display). */
  onStatus?: (status: BatchStatus) => void;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Polls until the batch is ended, expired, cancelled or failed; returns that last status. */
export async function waitForBatch(
  adapter: BatchAdapter,
  batchId: string,
  options: WaitForBatchOptions = {},
): Promise<BatchStatus> {
  const sleep = options.sleep ?? abortableSleep;
  for (;;) {
    if (options.signal?.aborted) throw new AbortedError("Waiting for the batch");
    const status = await adapter.poll(batchId, options.signal ? { signal: options.signal } : {});
    options.onStatus?.(status);
    if (FINAL_BATCH_STATES.has(status.state)) return status;
    await sleep(options.intervalMs ?? 30_000, options.signal);
  }
}
