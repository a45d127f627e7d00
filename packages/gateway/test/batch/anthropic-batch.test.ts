import { afterEach, describe, expect, it } from "vitest";
import { BatchItemError, planBatches, waitForBatch } from "@discernus/gateway";
import { scoreFormat, type Harness } from "../gateway/sim-fixture.js";
import { expectSameAsInteractive, item, runOneBatch, startBatchHarness, TEST_KEY } from "./batch-fixture.js";

const MODEL = "anthropic/claude-3-5-haiku-latest";
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("Anthropic message batches through the gateway's batch adapter", () => {
  it("submits, polls to ended, and answers as the interactive gateway does, at half the cost", async () => {
    const started = await startBatchHarness();
    h = started.h;
    const requests = [
      item("speech-1", MODEL, "We shall overcome these hard times together."),
      item("speech-2", MODEL, "Fear is the enemy of progress.", { cacheSystemPrompt: true }),
      item("speech-3", MODEL, "Our union is strong.", { responseFormat: scoreFormat }),
    ];
    const { outcomes, state } = await runOneBatch(h, started.adapter("anthropic"), requests);
    expect(state).toBe("ended");
    expect(outcomes.every((o) => o.ok)).toBe(true);
    await expectSameAsInteractive(h, requests, outcomes);
  });

  it("maps errored results to typed item errors that name the batch, the item and the fix", async () => {
    const started = await startBatchHarness({ itemFailureRate: 0.3 }, 1_000);
    h = started.h;
    const requests = Array.from({ length: 12 }, (_, i) => item(`ok-${i}`, MODEL, `Text number ${i}.`));
    requests.push(item("too-long", MODEL, "Write at length.", { maxTokens: 5_000 }));
    const { batchId, outcomes } = await runOneBatch(h, started.adapter("anthropic"), requests);
    const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    const tooLong = errors.find((e) => e.customId === "too-long")!;
    expect(tooLong).toBeInstanceOf(BatchItemError);
    expect(tooLong).toMatchObject({
      code: "batch_item_failed",
      reason: "invalid_request_error",
      status: 400,
      retryable: false,
    });
    expect(tooLong.message).toContain(batchId);
    expect(tooLong.message).toContain('"too-long"');
    const injected = errors.filter((e) => e.customId !== "too-long");
    expect(injected.length).toBeGreaterThan(0);
    for (const e of injected) expect(e).toMatchObject({ code: "batch_item_failed", retryable: true });
    expect(JSON.stringify(errors.map((e) => e.message))).not.toContain(TEST_KEY);
  });

  it("reports an expired batch as expired and its unrun items as batch_expired", async () => {
    const started = await startBatchHarness({ processingMs: 60_000, windowMs: 30_000 });
    h = started.h;
    const requests = Array.from({ length: 10 }, (_, i) => item(`r${i}`, MODEL, `Passage ${i}.`));
    const adapter = started.adapter("anthropic");
    const { batchId, outcomes, state } = await runOneBatch(h, adapter, requests);
    expect(state).toBe("expired");
    expect((await adapter.poll(batchId)).counts).toMatchObject({ total: 10, succeeded: 5, expired: 5 });
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      ...Array(5).fill("ok"),
      ...Array(5).fill("batch_expired"),
    ]);
  });

  it("cancels: results are refused while it winds down, then every unrun item is batch_cancelled", async () => {
    const started = await startBatchHarness({ processingMs: 2_000_000 }); // 2 s real
    h = started.h;
    const adapter = started.adapter("anthropic");
    const [batch] = planBatches(
      ["a", "b", "c"].map((id) => item(id, MODEL, `Say ${id}.`)),
      (m) => h!.gateway.resolve(m),
    );
    const { batchId } = await adapter.submit(batch!);
    expect(await adapter.cancel(batchId)).toMatchObject({ state: "in_progress", cancelling: true });
    await expect(adapter.results(batch!, batchId)).rejects.toMatchObject({ code: "batch_not_ended" });
    const status = await waitForBatch(adapter, batchId, { intervalMs: 5 });
    expect(status).toMatchObject({ state: "cancelled", counts: { cancelled: 3 } });
    const outcomes = await adapter.results(batch!, batchId);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "batch_cancelled",
      "batch_cancelled",
      "batch_cancelled",
    ]);
  });
});
