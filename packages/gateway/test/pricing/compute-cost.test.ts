import { describe, expect, it } from "vitest";
import { computeCost } from "../../src/pricing/compute-cost.js";
import type { ModelPrice } from "../../src/types.js";
import { claudeSonnet4, gpt4oMini, o4Mini, source, usage } from "./price-fixtures.js";

describe("computeCost", () => {
  it("bills cached tokens once, at the cached rate, never again as input", () => {
    const cost = computeCost(usage({ inputTokens: 1_000, cachedInputTokens: 9_000 }), gpt4oMini, source);
    expect(cost.byKind.inputTokens).toBe(1_000 * 150); // $0.15/MTok = 150 nano-dollars a token
    expect(cost.byKind.cachedInputTokens).toBe(9_000 * 75);
    expect(cost.totalNanoUsd).toBe(825_000);
    expect(cost.totalNanoUsd).not.toBe(10_000 * 150); // all 10,000 at the full input rate
    expect(cost.totalNanoUsd).not.toBe(10_000 * 150 + 9_000 * 75); // cached counted twice
  });

  it("bills Anthropic cache writes at the write rate, not the input or read rate", () => {
    const cost = computeCost(
      usage({ inputTokens: 40, cacheWriteTokens: 2_000, cachedInputTokens: 0, outputTokens: 100 }),
      claudeSonnet4,
      source,
    );
    expect(cost.byKind.cacheWriteTokens).toBe(2_000 * 3_750);
    expect(cost.totalNanoUsd).toBe(40 * 3_000 + 2_000 * 3_750 + 100 * 15_000);
  });

  it("bills reasoning tokens once, apart from visible output", () => {
    const cost = computeCost(
      usage({ inputTokens: 500, outputTokens: 100, reasoningTokens: 900 }),
      o4Mini,
      source,
    );
    expect(cost.byKind.outputTokens).toBe(100 * 4_400);
    expect(cost.byKind.reasoningTokens).toBe(900 * 4_400);
    expect(cost.totalNanoUsd).toBe(500 * 1_100 + 1_000 * 4_400);
  });

  it("defaults cached reads and cache writes to the input rate and reasoning to the output rate", () => {
    const plain: ModelPrice = { inputPerMTok: 2, outputPerMTok: 8 };
    const cost = computeCost(
      usage({
        inputTokens: 1,
        cachedInputTokens: 1,
        cacheWriteTokens: 1,
        outputTokens: 1,
        reasoningTokens: 1,
      }),
      plain,
      source,
    );
    expect(cost.byKind).toEqual({
      inputTokens: 2_000,
      cachedInputTokens: 2_000,
      cacheWriteTokens: 2_000,
      outputTokens: 8_000,
      reasoningTokens: 8_000,
    });
  });

  it("uses an explicit reasoning rate when the provider has one (Perplexity's sonar-deep-research)", () => {
    const cost = computeCost(
      usage({ outputTokens: 10, reasoningTokens: 10 }),
      { inputPerMTok: 2, outputPerMTok: 8, reasoningPerMTok: 3 },
      source,
    );
    expect(cost.byKind.reasoningTokens).toBe(30_000);
  });

  it("applies a batch discount to every kind and records it", () => {
    const full = computeCost(
      usage({ inputTokens: 1_001, cachedInputTokens: 333, outputTokens: 77 }),
      gpt4oMini,
      source,
    );
    const batch = computeCost(
      usage({ inputTokens: 1_001, cachedInputTokens: 333, outputTokens: 77 }),
      gpt4oMini,
      source,
      { discount: 0.5 },
    );
    expect(batch.byKind.inputTokens).toBe(75_075);
    expect(batch.byKind.cachedInputTokens).toBe(12_488); // 333 x 37.5 = 12,487.5, rounded half up
    expect(batch.discount).toBe(0.5);
    expect(full.discount).toBeUndefined();
    expect(batch.source).toBe(source);
  });

  it("bills the whole call at the long-prompt tier once the prompt, cache included, passes it", () => {
    const tiered: ModelPrice = {
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      cachedInputPerMTok: 0.125,
      tiers: [
        {
          aboveInputTokens: 200_000,
          price: { inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 },
        },
      ],
    };
    const at = computeCost(
      usage({ inputTokens: 100_000, cachedInputTokens: 100_000, outputTokens: 1_000 }),
      tiered,
      source,
    );
    const above = computeCost(
      usage({ inputTokens: 100_000, cachedInputTokens: 100_000, cacheWriteTokens: 1, outputTokens: 1_000 }),
      tiered,
      source,
    );
    expect(at.totalNanoUsd).toBe(100_000 * 1_250 + 100_000 * 125 + 1_000 * 10_000);
    expect(above.totalNanoUsd).toBe(100_000 * 2_500 + 100_000 * 250 + 1 * 2_500 + 1_000 * 15_000);
  });

  it("rounds each kind to the nearest nano-dollar, halves up, exactly", () => {
    // Gemini 1.5 Flash cache reads: $0.01875/MTok = 18.75 nano-dollars a token.
    const price: ModelPrice = { inputPerMTok: 0.075, outputPerMTok: 0.3, cachedInputPerMTok: 0.01875 };
    expect(computeCost(usage({ cachedInputTokens: 1 }), price, source).byKind.cachedInputTokens).toBe(19);
    expect(computeCost(usage({ cachedInputTokens: 2 }), price, source).byKind.cachedInputTokens).toBe(38); // 37.5
    expect(computeCost(usage({ cachedInputTokens: 3 }), price, source).byKind.cachedInputTokens).toBe(56); // 56.25
    // A price stored with float noise (0.18000000000000002 in the catalog) is the price it means.
    expect(
      computeCost(
        usage({ inputTokens: 1_000_001 }),
        { inputPerMTok: 0.18000000000000002, outputPerMTok: 0 },
        source,
      ).totalNanoUsd,
    ).toBe(180_000_180);
  });

  it("sums 100,000 call costs exactly: integers, equal to costing the summed usage", () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    let totalNanoUsd = 0;
    let totalUsd = 0;
    const summed = usage({});
    for (let i = 0; i < 100_000; i++) {
      const u = usage({ inputTokens: next(3_000), cachedInputTokens: next(2_000), outputTokens: next(500) });
      const cost = computeCost(u, gpt4oMini, source);
      totalNanoUsd += cost.totalNanoUsd;
      totalUsd += cost.totalNanoUsd / 1e9; // what a float-dollar ledger would keep
      summed.inputTokens += u.inputTokens;
      summed.cachedInputTokens += u.cachedInputTokens;
      summed.outputTokens += u.outputTokens;
    }
    expect(Number.isSafeInteger(totalNanoUsd)).toBe(true);
    expect(totalNanoUsd).toBe(computeCost(summed, gpt4oMini, source).totalNanoUsd);
    const exact =
      BigInt(summed.inputTokens) * 150n +
      BigInt(summed.cachedInputTokens) * 75n +
      BigInt(summed.outputTokens) * 600n;
    expect(BigInt(totalNanoUsd)).toBe(exact);
    // Float dollars drift over the same sum: the reason money is integer nano-dollars here.
    expect(totalUsd * 1e9).not.toBe(totalNanoUsd);
  });

  it("stays exact past 2^53 scaled units, where it switches to BigInt", () => {
    const huge = computeCost(
      usage({ outputTokens: 2_000_000_000 }),
      { inputPerMTok: 0, outputPerMTok: 600 },
      source,
      { discount: 0.5 },
    );
    expect(huge.totalNanoUsd).toBe(2_000_000_000 * 300_000);
  });

  it("refuses impossible usage rather than costing it", () => {
    expect(() => computeCost(usage({ inputTokens: -1 }), gpt4oMini, source)).toThrow(RangeError);
    expect(() => computeCost(usage({ outputTokens: Number.NaN }), gpt4oMini, source)).toThrow(/outputTokens/);
    expect(() => computeCost(usage({}), gpt4oMini, source, { discount: Number.POSITIVE_INFINITY })).toThrow(
      /discount/,
    );
  });
});
