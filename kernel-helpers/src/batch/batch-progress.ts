import type { BatchStatus } from "@discernus/gateway";
import type { LedgerBatch } from "@discernus/provenance";
import type { BatchProgress } from "../telemetry/telemetry-snapshot.js";

/** A batch as the sidebar shows it: as recorded, updated by its latest status when there is one. */
export function batchProgress(batch: LedgerBatch, resumed: boolean, status?: BatchStatus): BatchProgress {
  const counts = status?.counts ?? batch.counts;
  const expiresAt = status?.expiresAt ?? (batch.expiresAt ? Date.parse(batch.expiresAt) : undefined);
  return {
    batchId: batch.batch,
    provider: batch.provider,
    ...(batch.model !== undefined ? { model: batch.model } : {}),
    state: batch.collected ? "collected" : (status?.state ?? batch.state ?? "validating"),
    items: batch.items,
    succeeded: counts?.succeeded ?? 0,
    errored: counts?.errored ?? 0,
    expired: counts?.expired ?? 0,
    cancelled: counts?.cancelled ?? 0,
    processing: counts?.processing ?? batch.items,
    submittedAt: Date.parse(batch.submittedAt),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    resumed,
    costNanoUsd: batch.collected?.costNanoUsd ?? 0,
  };
}
