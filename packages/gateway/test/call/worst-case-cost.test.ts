import { describe, expect, it } from "vitest";
import { worstCaseCostNanoUsd } from "../../src/call/worst-case-cost.js";
import { computeCost } from "../../src/pricing/compute-cost.js";
import type { ModelPrice } from "../../src/types.js";
import { claudeHaiku35, claudeSonnet4, gpt4oMini, o4Mini, source, usage } from "../pricing/price-fixtures.js";
import { mulberry32 } from "@discernus/provider-sim";

const haiku = claudeHaiku35;
const o4mini = o4Mini;
const sonnet: ModelPrice = {
  ...claudeSonnet4,
  tiers: [
    {
      aboveInputTokens: 200_000,
      price: { inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWritePerMTok: 7.5 },
    },
  ],
};
/** Nano-dollars per token at `perMTok` USD per million tokens. */
const nanoPerToken = (perMTok: number) => perMTok * 1_000;

describe("worstCaseCostNanoUsd", () => {
  /** Splits `n` into `parts` random non-negative integers summing to n. */
  const split = (n: number, parts: number, random: () => number): number[] => {
    const cuts = Array.from({ length: parts - 1 }, () => Math.floor(random() * (n + 1))).sort(
      (a, b) => a - b,
    );
    return [...cuts, n].map((cut, i) => cut - (i === 0 ? 0 : (cuts[i - 1] as number)));
  };

  it("is never below computeCost for any usage within (prompt, maxTokens), at catalog-style prices", () => {
    const random = mulberry32(5);
    const prices: ModelPrice[] = [
      gpt4oMini,
      haiku,
      o4mini,
      sonnet,
      { ...o4mini, reasoningPerMTok: 9 },
      { inputPerMTok: 1, outputPerMTok: 2, cacheWritePerMTok: 1.25 },
    ];
    const violations: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const price = prices[i % prices.length] as ModelPrice;
      const prompt = Math.floor(random() * 400_000);
      const maxTokens = Math.floor(random() * 32_000);
      const usedPrompt = Math.floor(random() * (prompt + 1));
      const [input, cached, write] = split(usedPrompt, 3, random) as [number, number, number];
      const [output, reasoning] = split(Math.floor(random() * (maxTokens + 1)), 2, random) as [
        number,
        number,
      ];
      const actual = computeCost(
        usage({
          inputTokens: input,
          cachedInputTokens: cached,
          cacheWriteTokens: write,
          outputTokens: output,
          reasoningTokens: reasoning,
        }),
        price,
        source,
      ).totalNanoUsd;
      const worst = worstCaseCostNanoUsd(prompt, maxTokens, price, source);
      if (worst < actual) violations.push(`#${i}: worst ${worst} < actual ${actual}`);
    }
    expect(violations).toEqual([]);
  });

  it("reserves every prompt token at the dearest input rate and maxTokens at the dearer output rate", () => {
    expect(worstCaseCostNanoUsd(1_000, 100, haiku, source)).toBe(
      1_000 * nanoPerToken(1) + 100 * nanoPerToken(4) + 5,
    );
    expect(worstCaseCostNanoUsd(1_000, 100, { ...o4mini, reasoningPerMTok: 9 }, source)).toBe(
      1_000 * nanoPerToken(1.1) + 100 * nanoPerToken(9) + 5,
    );
    expect(worstCaseCostNanoUsd(250_000, 100, sonnet, source)).toBe(
      250_000 * nanoPerToken(7.5) + 100 * nanoPerToken(22.5) + 5,
    );
  });

  // A price that is not a whole number of nano-dollars per token (4+ decimals per MTok, e.g.
  // $0.0375) rounds per kind in computeCost; the reservation must still cover it.
  it("is never below computeCost when per-token prices are fractions of a nano-dollar", () => {
    const price: ModelPrice = { inputPerMTok: 0.0375, outputPerMTok: 0.0375 }; // 37.5 nano per token
    const actual = computeCost(
      usage({ inputTokens: 1, cachedInputTokens: 1, outputTokens: 1, reasoningTokens: 1 }),
      price,
      source,
    ).totalNanoUsd; // 38 x 4 = 152
    expect(worstCaseCostNanoUsd(2, 2, price, source)).toBeGreaterThanOrEqual(actual); // 75 + 75 + 5
  });
});
