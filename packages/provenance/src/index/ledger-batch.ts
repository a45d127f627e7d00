import type { LedgerRecord } from "../ledger-format.js";
import type { BatchRecordCounts, BatchRecordFields, BatchRecordState } from "../records/ledger-records.js";

/**
 * One provider batch as the ledger tells it, without its requests: where its `submitted` record
 * is (to read the requests back, checked against the line's sha256), and how it last stood.
 */
export interface LedgerBatch {
  batch: string;
  provider: string;
  providerKind: "openai" | "anthropic";
  model?: string;
  run?: string;
  items: number;
  worstCaseNanoUsd: number;
  /** ISO times. */
  submittedAt: string;
  expiresAt?: string;
  inputFileId?: string;
  submitted: { seq: number; offset: number; length: number; hash: string };
  /** The provider's state as last recorded (undefined until polled). */
  state?: BatchRecordState;
  counts?: BatchRecordCounts;
  /** Set by the `collected` record: every item is in the ledger. */
  collected?: { seq: number; answered: number; failed: number; costNanoUsd: number };
  /**
   * While in flight: the custom ids whose item is already recorded (a collection cut short by a
   * crash), so that collecting again never records, nor counts, an item twice.
   */
  recorded?: string[];
}

/**
 * Folds one verified `batch` record, or a batch item's `call` record, into `batches` (by batch id). Records of a batch the ledger
 * never saw submitted are ignored: nothing could collect them.
 */
export function addBatchRecord(
  batches: Map<string, LedgerBatch>,
  record: LedgerRecord,
  offset: number,
  length: number,
  hash: string,
): void {
  const r = record as unknown as BatchRecordFields & LedgerRecord;
  if (r.action === "submitted") {
    batches.set(r.batch, {
      batch: r.batch,
      provider: r.provider,
      providerKind: r.providerKind ?? "openai",
      ...(r.model !== undefined ? { model: r.model } : {}),
      ...(r.run !== undefined ? { run: r.run } : {}),
      items: r.items?.length ?? 0,
      worstCaseNanoUsd: r.worstCaseNanoUsd ?? 0,
      submittedAt: r.ts,
      ...(r.expiresAt !== undefined ? { expiresAt: r.expiresAt } : {}),
      ...(r.inputFileId !== undefined ? { inputFileId: r.inputFileId } : {}),
      submitted: { seq: r.seq, offset, length, hash },
    });
    return;
  }
  if (record.type === "call") {
    const call = record as unknown as { batch?: { id: string }; cacheKey: string };
    const batch = call.batch ? batches.get(call.batch.id) : undefined;
    if (batch && !batch.collected) (batch.recorded ??= []).push(call.cacheKey);
    return;
  }
  const batch = batches.get(r.batch);
  if (!batch) return;
  if (r.state !== undefined) batch.state = r.state;
  if (r.expiresAt !== undefined) batch.expiresAt = r.expiresAt;
  if (r.counts !== undefined) batch.counts = { ...r.counts };
  if (r.action === "collected")
    batch.collected = {
      seq: r.seq,
      answered: r.answered ?? 0,
      failed: r.failed ?? 0,
      costNanoUsd: r.costNanoUsd ?? 0,
    };
  if (r.action === "collected") delete batch.recorded;
}
