/** How analyze() runs a study through the providers' Batch APIs (`mode: "batch"`). */
export interface BatchModeOptions {
  /**
   * Between polls of each batch. Default 30,000 ms: batches take minutes to hours, and each poll is
   * a request.
   */
  pollIntervalMs?: number;
  /**
   * At most this many requests per batch (and never more than the provider allows). Default 1,000:
   * each batch's `submitted` ledger record holds its requests, so smaller batches keep records small,
   * and providers run a study's batches side by side.
   */
  maxItemsPerBatch?: number;
  /**
   * `true` (default): the cell waits until every batch has ended and returns the scores. `false`:
   * it submits, records, and returns at once with the items pending; re-run the cell (or
   * `discernus batches <notebook> --collect`) to collect them without submitting again.
   */
  wait?: boolean;
}

export const DEFAULT_POLL_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_ITEMS_PER_BATCH = 1_000;
