import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { Ledger, ledgerPathFor } from "@discernus/provenance";
import type { LedgerRecord } from "@discernus/provenance/browser";
import { LedgerBatchesBuilder } from "../../src/model/ledger-batches.js";
import { LedgerHistoryBuilder } from "../../src/model/ledger-history.js";
import { summarizeLedgerText } from "../../src/model/summarize-ledger-text.js";
import { BatchRecords, counts } from "./batch-records.js";

function fold(records: LedgerRecord[]) {
  const builder = new LedgerBatchesBuilder();
  for (const record of records) builder.add(record);
  return builder.build();
}

describe("batches folded from the ledger", () => {
  test("a submitted batch is in flight with its items counted, its expiry and no cost yet", () => {
    const r = new BatchRecords();
    const submittedAt = r.now;
    const [batch, ...rest] = fold([r.submitted("batch_a", 3)]);
    expect(rest).toEqual([]);
    expect(batch).toEqual({
      batchId: "batch_a",
      provider: "openai",
      model: "gpt-4o-mini",
      run: "run-1",
      state: "validating",
      inFlight: true,
      items: 3,
      succeeded: 0,
      errored: 0,
      expired: 0,
      cancelled: 0,
      processing: 3,
      submittedAt,
      expiresAt: submittedAt + 24 * 3_600_000,
      resumed: false,
      costNanoUsd: 0,
    });
  });

  test("keeps only the length of a submitted record's items, never the requests", () => {
    const r = new BatchRecords();
    const [batch] = fold([r.submitted("batch_a", 2_000)]);
    expect(batch?.items).toBe(2_000);
    expect(JSON.stringify(batch)).not.toContain("Speech");
    expect(batch).not.toHaveProperty("request");
  });

  test("a polled batch takes the latest state and counts, and stays in flight", () => {
    const r = new BatchRecords();
    const [batch] = fold([
      r.submitted("batch_a", 10),
      r.polled("batch_a", "in_progress", counts(10, { succeeded: 2 })),
      r.polled("batch_a", "finalizing", counts(10, { succeeded: 9, errored: 1, processing: 0 })),
    ]);
    expect(batch).toMatchObject({
      state: "finalizing",
      providerState: "finalizing",
      inFlight: true,
      items: 10,
      succeeded: 9,
      errored: 1,
      processing: 0,
      resumed: false,
    });
  });

  test("a collected batch is no longer in flight and carries the collected counts and cost", () => {
    const r = new BatchRecords();
    const [batch] = fold([
      r.submitted("batch_a", 4),
      r.polled("batch_a", "ended", counts(4, { succeeded: 3, errored: 1 })),
      r.call("batch_a", 100),
      r.call("batch_a", 150),
      r.call("batch_a", 50),
      r.collected("batch_a", "ended", counts(4, { succeeded: 3, errored: 1 }), 300),
    ]);
    expect(batch).toMatchObject({
      state: "collected",
      providerState: "ended",
      inFlight: false,
      items: 4,
      succeeded: 3,
      errored: 1,
      processing: 0,
      costNanoUsd: 300,
    });
  });

  test("counts the cost of items written so far while a batch is still being collected", () => {
    const r = new BatchRecords();
    const [batch] = fold([r.submitted("batch_a", 4), r.call("batch_a", 100), r.call("batch_a", 150)]);
    expect(batch).toMatchObject({ inFlight: true, costNanoUsd: 250 });
  });

  test("a batch the provider refused ends in its failed state with the reason", () => {
    const r = new BatchRecords();
    const [batch] = fold([
      r.submitted("batch_f", 5),
      r.collected("batch_f", "failed", counts(5, { processing: 0 }), 0, {
        error: { code: "invalid_request", message: "the input file has a malformed line" },
      }),
    ]);
    expect(batch).toMatchObject({
      state: "failed",
      providerState: "failed",
      inFlight: false,
      items: 5,
      costNanoUsd: 0,
      error: "the input file has a malformed line",
    });
  });

  test("an expired batch keeps its expired state and the items that did finish", () => {
    const r = new BatchRecords();
    const [batch] = fold([
      r.submitted("batch_x", 5),
      r.collected("batch_x", "expired", counts(5, { succeeded: 2, expired: 3 }), 80),
    ]);
    expect(batch).toMatchObject({
      state: "expired",
      inFlight: false,
      succeeded: 2,
      expired: 3,
      costNanoUsd: 80,
    });
  });

  test("several batches are told apart by id, in the order they were submitted", () => {
    const r = new BatchRecords();
    const batches = fold([
      r.submitted("batch_a", 3),
      r.submitted("batch_b", 2, { provider: "anthropic", providerKind: "anthropic", model: undefined }),
      r.polled("batch_a", "in_progress", counts(3, { succeeded: 1 })),
      r.collected("batch_b", "ended", counts(2, { succeeded: 2 }), 40),
    ]);
    expect(batches.map((b) => [b.batchId, b.provider, b.model, b.state, b.inFlight])).toEqual([
      ["batch_a", "openai", "gpt-4o-mini", "in_progress", true],
      ["batch_b", "anthropic", undefined, "collected", false],
    ]);
  });

  test("a batch polled or collected by a later run was resumed from the ledger", () => {
    const r = new BatchRecords();
    const [batch] = fold([
      r.submitted("batch_a", 3),
      r.polled("batch_a", "in_progress", counts(3, { succeeded: 1 }), "run-2"),
    ]);
    expect(batch?.resumed).toBe(true);
  });

  test("skips batch records that lack their id, and calls of batches it never saw", () => {
    const r = new BatchRecords();
    const broken = { ...r.submitted("batch_a", 1), batch: 42 };
    expect(fold([broken, r.call("batch_zz", 100)])).toEqual([]);
  });

  test("come with the ledger's history, beside its totals", () => {
    const r = new BatchRecords();
    const builder = new LedgerHistoryBuilder();
    for (const record of [r.submitted("batch_a", 3), r.polled("batch_a", "in_progress", counts(3))])
      builder.add(record);
    const history = builder.build();
    expect(history.records).toBe(2);
    expect(history.batches.map((b) => [b.batchId, b.state, b.inFlight])).toEqual([
      ["batch_a", "in_progress", true],
    ]);
  });
});

describe("batches in a ledger the kernel's writer wrote", () => {
  test("are read back, verified, from its batch records", async () => {
    const dir = mkdtempSync(join(tmpdir(), "discernus-batches-"));
    try {
      let clock = Date.parse("2026-03-01T10:00:00.000Z");
      const now = () => new Date((clock += 1_000));
      const ledger = await Ledger.open(ledgerPathFor(join(dir, "study.ipynb")), {
        notebook: "study.ipynb",
        now,
        boundBy: "explicit",
      });
      const request = (i: number) => ({
        model: "openai/gpt-4o-mini",
        resolvedModel: "openai/gpt-4o-mini",
        messages: [{ role: "user" as const, content: `Speech ${i}` }],
        maxTokens: 64,
        stream: false,
      });
      const expiresAt = "2026-03-02T10:00:00.000Z";
      // A custom id is the item's cache key: 64 hex digits, distinct across both batches.
      for (const batch of ["batch_live", "batch_refused"])
        await ledger.recordBatch({
          action: "submitted",
          batch,
          provider: "openai",
          run: "run-1",
          providerKind: "openai",
          model: "gpt-4o-mini",
          expiresAt,
          worstCaseNanoUsd: 1_000,
          items: [0, 1, 2].map((i) => ({
            customId: `${batch.length}${i}`.padStart(64, "0"),
            request: request(i),
          })),
        });
      await ledger.recordBatch({
        action: "polled",
        batch: "batch_live",
        provider: "openai",
        run: "run-1",
        state: "in_progress",
        counts: counts(3, { succeeded: 1 }),
      });
      await ledger.recordCollectedBatch("batch_refused", [], {
        state: "failed",
        counts: counts(3, { processing: 0 }),
        error: { code: "invalid_request", message: "malformed input file" },
      });
      await ledger.close();
      const text = readFileSync(ledgerPathFor(join(dir, "study.ipynb")), "utf8");
      const summary = await summarizeLedgerText(text);
      expect(summary.report?.problem, JSON.stringify(summary.report)).toBeUndefined();
      expect(
        summary.history.batches.map((b) => [b.batchId, b.state, b.inFlight, b.items, b.succeeded, b.error]),
      ).toEqual([
        ["batch_live", "in_progress", true, 3, 1, undefined],
        ["batch_refused", "failed", false, 3, 0, "malformed input file"],
      ]);
      expect(summary.history.batches[0]?.expiresAt).toBe(Date.parse(expiresAt));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
