import type {
  BatchRecordCounts,
  BatchRecordFields,
  BatchRecordState,
  CallRecordFields,
  LedgerRecord,
} from "@discernus/provenance/browser";
import { PROVIDER_BATCH_STATES } from "./parse-snapshot.js";
import type { BatchProgress } from "./telemetry-snapshot.js";

/** One provider batch as the ledger's `batch` records tell it. */
export interface LedgerBatch extends BatchProgress {
  /** The run that submitted it. */
  run?: string;
  /** Submitted and not collected yet: nothing may submit its items again. */
  inFlight: boolean;
  /** The provider's last reported state; for a collected batch, how it ended. */
  providerState?: BatchRecordState;
  /** Why the provider refused the batch (collected with state "failed"). */
  error?: string;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

function providerState(v: unknown): BatchRecordState | undefined {
  return typeof v === "string" && PROVIDER_BATCH_STATES.includes(v) ? (v as BatchRecordState) : undefined;
}

function counts(v: unknown): BatchRecordCounts | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const c = v as Record<string, unknown>;
  const keys = ["total", "processing", "succeeded", "errored", "expired", "cancelled"] as const;
  return keys.every((k) => isCount(c[k])) ? (c as unknown as BatchRecordCounts) : undefined;
}

/**
 * Folds a ledger's `batch` records (and the `call` records of batch items) into the batches it
 * holds: submitted opens one (in flight), polled updates its state and counts, collected closes it.
 * Only figures are kept: a submitted record's `items` (every request as sent, thousands of them)
 * is read for its length and left to the garbage collector.
 */
export class LedgerBatchesBuilder {
  readonly #batches = new Map<string, LedgerBatch>();

  add(record: LedgerRecord): void {
    if (record.type === "batch") this.#addBatch(record, record as unknown as Partial<BatchRecordFields>);
    else if (record.type === "call") this.#addCall(record as unknown as Partial<CallRecordFields>);
  }

  #addBatch(record: LedgerRecord, fields: Partial<BatchRecordFields>): void {
    // Records past a verification failure are read as they are: anything may be missing.
    if (!isText(fields.batch) || !isText(fields.provider)) return;
    const at = Date.parse(record.ts);
    let batch = this.#batches.get(fields.batch);
    if (!batch) {
      batch = {
        batchId: fields.batch,
        provider: fields.provider,
        state: "validating",
        items: 0,
        succeeded: 0,
        errored: 0,
        expired: 0,
        cancelled: 0,
        processing: 0,
        submittedAt: Number.isFinite(at) ? at : 0,
        resumed: false,
        costNanoUsd: 0,
        inFlight: true,
      };
      if (isText(fields.run)) batch.run = fields.run;
      this.#batches.set(fields.batch, batch);
    }
    // A batch polled or collected by another run than the one that submitted it was picked up from the ledger.
    if (
      fields.action !== "submitted" &&
      isText(fields.run) &&
      batch.run !== undefined &&
      fields.run !== batch.run
    )
      batch.resumed = true;
    switch (fields.action) {
      case "submitted": {
        const items = Array.isArray(fields.items) ? fields.items.length : 0;
        batch.items = items;
        batch.processing = items;
        if (Number.isFinite(at)) batch.submittedAt = at;
        if (isText(fields.run)) batch.run = fields.run;
        if (isText(fields.model)) batch.model = fields.model;
        const expiresAt = typeof fields.expiresAt === "string" ? Date.parse(fields.expiresAt) : NaN;
        if (Number.isFinite(expiresAt)) batch.expiresAt = expiresAt;
        break;
      }
      case "polled":
        this.#update(batch, fields);
        if (batch.inFlight && batch.providerState) batch.state = batch.providerState;
        break;
      case "collected": {
        this.#update(batch, fields);
        batch.inFlight = false;
        batch.processing = 0;
        const ended = batch.providerState ?? "ended";
        // A batch that ended is simply collected; one that expired, was cancelled or failed says so.
        batch.state =
          ended === "expired" || ended === "cancelled" || ended === "failed" ? ended : "collected";
        if (isCount(fields.costNanoUsd)) batch.costNanoUsd = fields.costNanoUsd;
        if (isText(fields.error?.message)) batch.error = fields.error.message;
        break;
      }
    }
  }

  #update(batch: LedgerBatch, fields: Partial<BatchRecordFields>): void {
    const state = providerState(fields.state);
    if (state) batch.providerState = state;
    const c = counts(fields.counts);
    if (!c) return;
    if (batch.items === 0) batch.items = c.total;
    batch.processing = c.processing;
    batch.succeeded = c.succeeded;
    batch.errored = c.errored;
    batch.expired = c.expired;
    batch.cancelled = c.cancelled;
  }

  /** A batch item written as a call: its cost is the batch's cost so far, until the batch is collected. */
  #addCall(call: Partial<CallRecordFields>): void {
    const id = call.batch?.id;
    if (!isText(id)) return;
    const batch = this.#batches.get(id);
    const cost = call.cost?.totalNanoUsd;
    if (batch?.inFlight && isCount(cost)) batch.costNanoUsd += cost;
  }

  /** The batches in the order they were submitted. */
  build(): LedgerBatch[] {
    return [...this.#batches.values()].map((b) => ({ ...b }));
  }
}
