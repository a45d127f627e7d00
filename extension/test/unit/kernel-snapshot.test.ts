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
});
