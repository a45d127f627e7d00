import type { BatchRecordCounts, LedgerRecord } from "@discernus/provenance/browser";

/** Ledger `batch` and batch-item `call` records as the kernel writes them, built by hand for the fold's tests. */
export class BatchRecords {
  #seq = 0;
  #at = Date.parse("2026-03-01T10:00:00.000Z");

  /** Epoch ms of the next record. */
  get now(): number {
    return this.#at;
  }

  #record(type: string, fields: Record<string, unknown>, advanceMs = 60_000): LedgerRecord {
    const record: LedgerRecord = {
      seq: ++this.#seq,
      ts: new Date(this.#at).toISOString(),
      type,
      prev: "0".repeat(64),
      ...fields,
    };
    this.#at += advanceMs;
    return record;
  }

  submitted(batch: string, items: number, extra: Record<string, unknown> = {}): LedgerRecord {
    return this.#record("batch", {
      action: "submitted",
      batch,
      provider: "openai",
      run: "run-1",
      providerKind: "openai",
      model: "gpt-4o-mini",
      inputFileId: `file-${batch}`,
      expiresAt: new Date(this.#at + 24 * 3_600_000).toISOString(),
      worstCaseNanoUsd: 9_000_000,
      items: Array.from({ length: items }, (_, i) => ({
        customId: i.toString(16).padStart(64, "c"),
        request: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Speech ${i}` }] },
        tags: { run: "run-1", item: String(i) },
      })),
      ...extra,
    });
  }

  polled(batch: string, state: string, counts: BatchRecordCounts, run = "run-1"): LedgerRecord {
    return this.#record("batch", { action: "polled", batch, provider: "openai", run, state, counts });
  }

  call(batch: string, costNanoUsd: number, submittedSeq = 1): LedgerRecord {
    return this.#record(
      "call",
      {
        call: `call-${this.#seq + 1}`,
        outcome: "ok",
        cost: { totalNanoUsd: costNanoUsd },
        attempts: [],
        route: ["openai/gpt-4o-mini"],
        batch: { id: batch, submittedSeq },
      },
      1,
    );
  }

  collected(
    batch: string,
    state: string,
    counts: BatchRecordCounts,
    costNanoUsd: number,
    extra: Record<string, unknown> = {},
  ): LedgerRecord {
    return this.#record("batch", {
      action: "collected",
      batch,
      provider: "openai",
      run: "run-1",
      state,
      counts,
      answered: counts.succeeded,
      failed: counts.errored + counts.expired + counts.cancelled,
      costNanoUsd,
      ...extra,
    });
  }
}

/** Counts of a batch of `total` items. */
export function counts(total: number, done: Partial<BatchRecordCounts> = {}): BatchRecordCounts {
  const succeeded = done.succeeded ?? 0;
  const errored = done.errored ?? 0;
  const expired = done.expired ?? 0;
  const cancelled = done.cancelled ?? 0;
  return {
    total,
    succeeded,
    errored,
    expired,
    cancelled,
    processing: done.processing ?? total - succeeded - errored - expired - cancelled,
  };
}
