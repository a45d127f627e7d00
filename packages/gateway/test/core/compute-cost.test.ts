import { describe, expect, it } from "vitest";
import { worstCaseCostNanoUsd } from "../../src/call/worst-case-cost.js";
import { computeCost } from "../../src/pricing/compute-cost.js";
import { lookupCatalogPrice } from "../../src/pricing/price-catalog.js";
import type { ModelPrice, TokenUsage } from "../../src/types.js";

const source = { name: "test", version: "1" };
const usage = (u: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});
const gpt4oMini: ModelPrice = { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 };
const haiku: ModelPrice = {
  inputPerMTok: 0.8,
  cachedInputPerMTok: 0.08,
  cacheWritePerMTok: 1,
  outputPerMTok: 4,
};

describe("computeCost", () => {
  it("bills cached input once, at the cached rate (not again as input, not at full price)", () => {
    const cost = computeCost(usage({ inputTokens: 1_000, cachedInputTokens: 9_000 }), gpt4oMini, source);
    expect(cost.byKind.inputTokens).toBe(150_000); // 1,000 x $0.15/M = $0.00015
    expect(cost.byKind.cachedInputTokens).toBe(675_000); // 9,000 x $0.075/M
    expect(cost.totalNanoUsd).toBe(825_000);
  });

  it("bills Anthropic cache writes at the write rate and reads at the read rate", () => {
    const cost = computeCost(
      usage({ inputTokens: 100, cacheWriteTokens: 2_000, outputTokens: 50 }),
      haiku,
      source,
    );
    expect(cost.byKind.cacheWriteTokens).toBe(2_000_000);
    expect(cost.byKind.inputTokens).toBe(80_000);
    expect(cost.byKind.outputTokens).toBe(200_000);
    const read = computeCost(usage({ cachedInputTokens: 2_000 }), haiku, source);
    expect(read.totalNanoUsd).toBe(160_000);
  });

  it("bills reasoning tokens once, at the output rate unless priced apart", () => {
    const cost = computeCost(usage({ outputTokens: 100, reasoningTokens: 400 }), gpt4oMini, source);
    expect(cost.byKind.reasoningTokens).toBe(240_000);
    expect(cost.totalNanoUsd).toBe(300_000);
  });

  it("applies a batch discount to every kind", () => {
    const full = computeCost(usage({ inputTokens: 1_000, outputTokens: 1_000 }), gpt4oMini, source);
    const batch = computeCost(usage({ inputTokens: 1_000, outputTokens: 1_000 }), gpt4oMini, source, {
      discount: 0.5,
    });
    expect(batch.totalNanoUsd * 2).toBe(full.totalNanoUsd);
    expect(batch.discount).toBe(0.5);
  });

  it("bills a long prompt wholly at the price tier it falls in", () => {
    const sonnet = lookupCatalogPrice("anthropic", "claude-sonnet-4-5");
    expect(sonnet?.price.tiers?.[0]?.aboveInputTokens).toBe(200_000);
    const short = computeCost(usage({ inputTokens: 200_000 }), sonnet!.price, source);
    const long = computeCost(usage({ inputTokens: 200_001 }), sonnet!.price, source);
    expect(short.totalNanoUsd).toBe(600_000_000); // $3/M
    expect(long.totalNanoUsd).toBe(1_200_006_000); // $6/M
  });

  it("sums 100,000 call costs exactly, as integers", () => {
    let total = 0;
    for (let i = 0; i < 100_000; i++)
      total += computeCost(usage({ inputTokens: 333, outputTokens: 77 }), gpt4oMini, source).totalNanoUsd;
    expect(Number.isSafeInteger(total)).toBe(true);
    expect(total).toBe(100_000 * (49_950 + 46_200));
  });

  it("reserves at least what any call within its prompt and maxTokens can cost", () => {
    const worst = worstCaseCostNanoUsd(1_000, 500, haiku, source);
    for (const u of [
      usage({ inputTokens: 1_000, outputTokens: 500 }),
      usage({ cacheWriteTokens: 1_000, outputTokens: 500 }),
      usage({ inputTokens: 200, cacheWriteTokens: 800, outputTokens: 100, reasoningTokens: 400 }),
    ]) {
      expect(computeCost(u, haiku, source).totalNanoUsd).toBeLessThanOrEqual(worst);
    }
  });
});

describe("price catalog (@pydantic/genai-prices)", () => {
  it("prices current models with their cache rates and names the catalog's version", async () => {
    const { createRequire } = await import("node:module");
    const req = createRequire(import.meta.url);
    const { readFileSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    const pkg = JSON.parse(
      readFileSync(join(dirname(req.resolve("@pydantic/genai-prices")), "..", "package.json"), "utf8"),
    ) as { version: string };
    const mini = lookupCatalogPrice("openai", "gpt-4o-mini");
    expect(mini?.price).toMatchObject({ inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 });
    expect(mini?.source).toEqual({ name: "@pydantic/genai-prices", version: pkg.version });
    expect(mini?.contextWindow).toBe(128_000);
    expect(lookupCatalogPrice("anthropic", "claude-3-5-haiku-latest")?.price).toMatchObject(haiku);
    expect(lookupCatalogPrice("gemini", "gemini-2.5-flash")?.price.inputPerMTok).toBe(0.3);
    expect(lookupCatalogPrice("openai", "gpt-9-imaginary")).toBeUndefined();
    expect(lookupCatalogPrice("my-lab-server", "llama3")).toBeUndefined();
  });
});
