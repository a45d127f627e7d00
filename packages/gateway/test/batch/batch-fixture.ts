import type { SimConfig } from "@discernus/provider-sim";
import {
  computeCost,
  createBatchAdapter,
  planBatches,
  waitForBatch,
  type BatchAdapter,
  type BatchItemOutcome,
  type BatchRequest,
  type PlannedBatch,
} from "@discernus/gateway";
import { expect } from "vitest";
import { ask, startHarness, TEST_KEY, type Harness } from "../gateway/sim-fixture.js";

export { TEST_KEY };

/** The gateway harness (provider-sim, providers "openai" and "anthropic") with batches 1,000x faster. */
export async function startBatchHarness(
  batch: SimConfig["batch"] = {},
  contextWindow = 128_000,
): Promise<{ h: Harness; adapter(provider: "openai" | "anthropic"): BatchAdapter }> {
  const h = await startHarness({
    seed: 11,
    timeScale: 0.001, // a 60 s batch ends in 60 ms
    batch,
    models: [
      { id: "gpt-4o-mini", provider: "openai", contextWindow },
      { id: "claude-3-5-haiku-latest", provider: "anthropic", contextWindow },
    ],
  });
  const env = { TEST_OPENAI_KEY: TEST_KEY, TEST_ANTHROPIC_KEY: TEST_KEY };
  return {
    h,
    adapter: (provider) => createBatchAdapter(provider, h.gateway.config.providers[provider]!, env),
  };
}

export const item = (customId: string, model: string, text: string, extra: Record<string, unknown> = {}) =>
  ({ customId, ...ask(model, text), ...extra }) as BatchRequest;

/** Plans one batch, submits it, waits for its end and reads its results. */
export async function runOneBatch(
  h: Harness,
  adapter: BatchAdapter,
  requests: BatchRequest[],
): Promise<{ batch: PlannedBatch; batchId: string; outcomes: BatchItemOutcome[]; state: string }> {
  const plan = planBatches(requests, (m) => h.gateway.resolve(m));
  expect(plan).toHaveLength(1);
  const batch = plan[0]!;
  const { batchId, itemCount } = await adapter.submit(batch);
  expect(itemCount).toBe(requests.length);
  const status = await waitForBatch(adapter, batchId, { intervalMs: 5 });
  return { batch, batchId, outcomes: await adapter.results(batch, batchId), state: status.state };
}

/** Every item answered equals the interactive gateway call for the same request, at half its cost. */
export async function expectSameAsInteractive(
  h: Harness,
  requests: BatchRequest[],
  outcomes: BatchItemOutcome[],
) {
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome.ok) throw outcome.error;
    const { customId: _id, ...request } = requests[i]!;
    const live = await h.gateway.complete({ ...request, fresh: true });
    const r = outcome.response;
    expect(r.customId).toBe(requests[i]!.customId);
    expect(r.model).toBe(live.model);
    expect(r.text).toBe(live.text);
    expect(r.json).toEqual(live.json);
    expect(r.finishReason).toBe(live.finishReason);
    expect(r.usage).toEqual(live.usage);
    // Same price and source, discounted by half before each token kind is rounded (batchItemCost).
    const model = h.gateway.resolve(request.model);
    expect(r.cost).toEqual(computeCost(live.usage, model.price, model.priceSource, { discount: 0.5 }));
    expect(r.cost.discount).toBe(0.5);
    expect(r.cost.source).toEqual(live.cost.source);
    expect(r.cost.totalNanoUsd).toBeGreaterThan(0);
    const kindsBilled = Object.values(live.cost.byKind).filter((n) => n > 0).length;
    expect(Math.abs(2 * r.cost.totalNanoUsd - live.cost.totalNanoUsd)).toBeLessThanOrEqual(kindsBilled);
  }
}
