import { afterEach, describe, expect, it } from "vitest";
import { BatchFailedError, BatchItemError, planBatches, waitForBatch } from "@discernus/gateway";
import { scoreFormat, type Harness } from "../gateway/sim-fixture.js";
import { expectSameAsInteractive, item, runOneBatch, startBatchHarness, TEST_KEY } from "./batch-fixture.js";

const MODEL = "openai/gpt-4o-mini";
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("OpenAI batches through the gateway's batch adapter", () => {
  it("submits, polls to ended, and answers as the interactive gateway does, at half the cost", async () => {
    const started = await startBatchHarness();
    h = started.h;
    const adapter = started.adapter("openai");
    const requests = [
      item("speech-1", MODEL, "We shall overcome these hard times together."),
      item("speech-2", MODEL, "The economy is strong and getting stronger."),
      item("speech-3", MODEL, "Our union is strong.", { responseFormat: scoreFormat }),
    ];
    const seen: string[] = [];
    const plan = planBatches(requests, (m) => h!.gateway.resolve(m));
    const { batchId, inputFileId } = await adapter.submit(plan[0]!, { metadata: { run: "test" } });
    expect(batchId).toMatch(/^batch_/);
    expect(inputFileId).toMatch(/^file-/);
    const status = await waitForBatch(adapter, batchId, {
      intervalMs: 5,
      onStatus: (s) => seen.push(s.state),
    });
    expect(status.state).toBe("ended");
    expect(status.counts).toMatchObject({ total: 3, succeeded: 3, errored: 0, processing: 0 });
    expect(seen.at(-1)).toBe("ended");
    const outcomes = await adapter.results(plan[0]!, batchId);
    expect(outcomes.map((o) => [o.customId, o.ok])).toEqual([
      ["speech-1", true],
      ["speech-2", true],
      ["speech-3", true],
    ]);
    const structured = outcomes[2]!;
    expect(structured.ok && typeof (structured.response.json as { score: number }).score).toBe("number");
    await expectSameAsInteractive(h, requests, outcomes);
  });

  it("maps per-item failures to typed item errors that name the batch, the item and the fix", async () => {
    const started = await startBatchHarness({ itemFailureRate: 0.3 }, 1_000);
    h = started.h;
    const requests = Array.from({ length: 12 }, (_, i) => item(`ok-${i}`, MODEL, `Text number ${i}.`));
    requests.push(item("too-long", MODEL, "Write at length.", { maxTokens: 5_000 }));
    const { batchId, outcomes, state } = await runOneBatch(h, started.adapter("openai"), requests);
    expect(state).toBe("ended");
    expect(outcomes.map((o) => o.customId)).toEqual(requests.map((r) => r.customId));
    const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    const tooLong = errors.find((e) => e.customId === "too-long")!;
    expect(tooLong).toBeInstanceOf(BatchItemError);
    expect(tooLong).toMatchObject({
      code: "batch_item_failed",
      status: 400,
      reason: "context_length_exceeded",
    });
    expect(tooLong.retryable).toBe(false);
    expect(tooLong.message).toContain(batchId);
    expect(tooLong.message).toContain('"too-long"');
    expect(tooLong.message).toMatch(/Fix the request/);
    const injected = errors.filter((e) => e.customId !== "too-long");
    expect(injected.length).toBeGreaterThan(0);
    for (const e of injected)
      expect(e).toMatchObject({ code: "batch_item_failed", status: 500, retryable: true });
    expect(JSON.stringify(errors.map((e) => e.message))).not.toContain(TEST_KEY);
  });

  it("maps the items an expired batch never ran to batch_expired, keeping the answers it has", async () => {
    const started = await startBatchHarness({ processingMs: 60_000, windowMs: 30_000 });
    h = started.h;
    const requests = Array.from({ length: 10 }, (_, i) => item(`r${i}`, MODEL, `Passage ${i}.`));
    const { outcomes, state } = await runOneBatch(h, started.adapter("openai"), requests);
    expect(state).toBe("expired");
    expect(outcomes.filter((o) => o.ok).map((o) => o.customId)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    for (const o of outcomes.slice(5)) {
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.error).toMatchObject({ code: "batch_expired", retryable: true });
    }
  });

  it("cancels: results are refused while it winds down, then every unrun item is batch_cancelled", async () => {
    const started = await startBatchHarness({ processingMs: 2_000_000 }); // 2 s real
    h = started.h;
    const adapter = started.adapter("openai");
    const requests = ["a", "b", "c"].map((id) => item(id, MODEL, `Say ${id}.`));
    const [batch] = planBatches(requests, (m) => h!.gateway.resolve(m));
    const { batchId } = await adapter.submit(batch!);
    const cancelling = await adapter.cancel(batchId);
    expect(cancelling).toMatchObject({ state: "in_progress", cancelling: true });
    await expect(adapter.results(batch!, batchId)).rejects.toMatchObject({ code: "batch_not_ended" });
    expect((await waitForBatch(adapter, batchId, { intervalMs: 5 })).state).toBe("cancelled");
    const outcomes = await adapter.results(batch!, batchId);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "batch_cancelled",
      "batch_cancelled",
      "batch_cancelled",
    ]);
  });

  it("reports a batch failed at validation as BatchFailedError, with the provider's reasons", async () => {
    const started = await startBatchHarness();
    h = started.h;
    const adapter = started.adapter("openai");
    // Priced by the catalog, unknown to the simulator: OpenAI fails the whole file at validation.
    const [batch] = planBatches([item("a", "openai/gpt-4o", "Hello.")], (m) => h!.gateway.resolve(m));
    const { batchId } = await adapter.submit(batch!);
    const status = await waitForBatch(adapter, batchId, { intervalMs: 5 });
    expect(status.state).toBe("failed");
    expect(status.failure).toBeInstanceOf(BatchFailedError);
    expect(status.failure?.failures[0]).toMatchObject({ code: "model_not_found", line: 1 });
    const error = await adapter.results(batch!, batchId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchFailedError);
    expect((error as Error).message).toContain(batchId);
    expect((error as Error).message).toMatch(/Nothing was billed/);
  });
});
