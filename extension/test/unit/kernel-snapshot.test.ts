import { describe, expect, it } from "vitest";
import { TelemetryTracker, type TelemetrySnapshot as KernelSnapshot } from "@discernus/kernel-helpers";
import { parseSnapshot } from "../../src/model/parse-snapshot.js";
import type { TelemetrySnapshot } from "../../src/model/telemetry-snapshot.js";

// Compile-time: everything the kernel sends fits what the sidebar reads.
const fits = (sent: KernelSnapshot): TelemetrySnapshot => sent;

describe("snapshots from the kernel", () => {
  it("are read whole by the sidebar, the notebook's and the project's spend included", () => {
    const tracker = new TelemetryTracker("run-9", "affect", 2, () => 1_000, {
      notebook: { path: "study.ipynb", ledger: "study.provenance.jsonl", priorSpentNanoUsd: 500 },
      project: { priorSpentNanoUsd: 7_000, ledgers: 2 },
    });
    tracker.onEvent({ type: "queued", at: 0, callId: "a", model: "openai/gpt-4o-mini", estimatedTokens: 10 });
    tracker.onEvent({
      type: "failed",
      at: 5,
      callId: "a",
      model: "openai/gpt-4o-mini",
      code: "budget_exceeded",
      message: "cap",
      attempts: [],
      costNanoUsd: 40,
    });
    tracker.finish("done");
    const sent = tracker.snapshot();
    const read = parseSnapshot(JSON.stringify(sent));
    expect(read).toBeDefined();
    expect(read).toEqual(fits(sent));
    expect(read).toMatchObject({
      notebook: { path: "study.ipynb", ledger: "study.provenance.jsonl", spentNanoUsd: 540 },
      project: { spentNanoUsd: 7_540, ledgers: 3 },
      budgetRefused: 1,
      state: "done",
    });
  });

  it("are read whole with the provider batches of a batch-mode run", () => {
    // The tracker has no batch events yet: its snapshot gets the batches the kernel type allows.
    const batches: KernelSnapshot["batches"] = [
      {
        batchId: "batch_6789",
        provider: "openai",
        model: "openai/gpt-4o-mini",
        state: "in_progress",
        items: 1_000,
        succeeded: 400,
        errored: 3,
        expired: 0,
        cancelled: 0,
        processing: 597,
        submittedAt: 1_000,
        expiresAt: 1_000 + 86_400_000,
        resumed: false,
        costNanoUsd: 21_000,
      },
      {
        batchId: "msgbatch_01",
        provider: "anthropic",
        state: "collected",
        items: 20,
        succeeded: 19,
        errored: 0,
        expired: 1,
        cancelled: 0,
        processing: 0,
        submittedAt: 500,
        resumed: true,
        costNanoUsd: 4_000,
      },
    ];
    const tracker = new TelemetryTracker("run-10", "affect", 1_020, () => 2_000);
    const sent: KernelSnapshot = { ...tracker.snapshot(), mode: "batch", batches };
    const read = parseSnapshot(JSON.stringify(sent));
    expect(read).toEqual(fits(sent));
    expect(read?.batches?.map((b) => [b.batchId, b.state, b.resumed])).toEqual([
      ["batch_6789", "in_progress", false],
      ["msgbatch_01", "collected", true],
    ]);
  });
});
