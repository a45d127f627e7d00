import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { computeCost } from "../../src/pricing/compute-cost.js";
import { catalogProviderId } from "../../src/pricing/catalog-provider.js";
import { lookupCatalogPrice } from "../../src/pricing/price-catalog.js";

/** The installed package's version, read here independently of the code under test. */
const packageVersion = (
  JSON.parse(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve("@pydantic/genai-prices")), "..", "package.json"),
      "utf8",
    ),
  ) as { version: string }
).version;

/** What the package itself charges for one million tokens of one kind (its input_tokens include cache tokens). */
function packageRate(
  providerId: string,
  model: string,
  kind: "input" | "output" | "cache_read" | "cache_write",
): number {
  const M = 1_000_000;
  const usage =
    kind === "output"
      ? { input_tokens: 0, output_tokens: M }
      : kind === "input"
        ? { input_tokens: M, output_tokens: 0 }
        : { input_tokens: M, [`${kind}_tokens`]: M, output_tokens: 0 };
  const result = calcPrice(usage, model, { providerId });
  if (!result) throw new Error(`the package does not know ${providerId}/${model}`);
  return kind === "output" ? result.output_price : result.input_price;
}

describe("lookupCatalogPrice", () => {
  const cases: [provider: string, model: string, catalogProvider: string][] = [
    ["openai", "gpt-4o-mini", "openai"],
    ["openai", "gpt-4.1", "openai"],
    ["openai", "o4-mini", "openai"],
    ["anthropic", "claude-3-5-haiku", "anthropic"],
    ["anthropic", "claude-sonnet-4", "anthropic"],
    ["gemini", "gemini-2.5-flash", "google"],
  ];

  it.each(cases)("prices %s/%s exactly as the package does", (provider, model, catalogProvider) => {
    const entry = lookupCatalogPrice(provider, model);
    expect(entry).toBeDefined();
    const price = entry!.price;
    expect(price.inputPerMTok).toBeCloseTo(packageRate(catalogProvider, model, "input"), 12);
    expect(price.outputPerMTok).toBeCloseTo(packageRate(catalogProvider, model, "output"), 12);
    expect(price.cachedInputPerMTok ?? price.inputPerMTok).toBeCloseTo(
      packageRate(catalogProvider, model, "cache_read"),
      12,
    );
    expect(price.cacheWritePerMTok ?? price.inputPerMTok).toBeCloseTo(
      packageRate(catalogProvider, model, "cache_write"),
      12,
    );
    expect(entry!.source).toEqual({ name: "@pydantic/genai-prices", version: packageVersion });
    expect(entry!.contextWindow).toBeGreaterThan(100_000);
  });

  it("gives the figures the package ships (0.1.8), in USD per million tokens", () => {
    expect(lookupCatalogPrice("openai", "gpt-4o-mini")?.price).toEqual({
      inputPerMTok: 0.15,
      outputPerMTok: 0.6,
      cachedInputPerMTok: 0.075,
    });
    expect(lookupCatalogPrice("anthropic", "claude-sonnet-4")?.price).toEqual({
      inputPerMTok: 3,
      outputPerMTok: 15,
      cachedInputPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
    });
    expect(lookupCatalogPrice("gemini", "gemini-2.5-flash")?.contextWindow).toBe(1_048_576);
    expect(packageVersion).toBe("0.1.8");
  });

  it("matches dated and family ids, and says which catalog entry it used", () => {
    expect(lookupCatalogPrice("anthropic", "claude-3-5-haiku-20241022")?.catalogModel).toBe(
      "anthropic/claude-3-5-haiku-latest",
    );
    expect(lookupCatalogPrice("openai", "gpt-4o-mini-2024-07-18")?.price.inputPerMTok).toBe(0.15);
    expect(lookupCatalogPrice("openrouter", "anthropic/claude-sonnet-4")?.price.outputPerMTok).toBe(15);
  });

  it("returns undefined for a model or provider the catalog does not know", () => {
    expect(lookupCatalogPrice("openai", "gpt-9-imaginary")).toBeUndefined();
    expect(lookupCatalogPrice("anthropic", "gpt-4o-mini")).toBeUndefined();
    expect(lookupCatalogPrice("my-ollama", "llama3.1:8b")).toBeUndefined();
    // Embedding models have no output price: not a chat model.
    expect(lookupCatalogPrice("openai", "text-embedding-3-small")).toBeUndefined();
  });

  it("refuses models with a per-request fee that ModelPrice cannot carry, rather than under-costing them", () => {
    expect(
      calcPrice({ input_tokens: 0, output_tokens: 0 }, "sonar", { providerId: "perplexity" })?.model_price
        .requests_kcount,
    ).toBe(12);
    expect(lookupCatalogPrice("perplexity", "sonar")).toBeUndefined();
  });

  it("uses the price in force at a past date (o3 was cut from $10/$40 on 2025-06-10)", () => {
    expect(lookupCatalogPrice("openai", "o3", new Date("2025-05-01T00:00:00Z"))?.price).toMatchObject({
      inputPerMTok: 10,
      outputPerMTok: 40,
    });
    expect(lookupCatalogPrice("openai", "o3")?.price).toMatchObject({ inputPerMTok: 2, outputPerMTok: 8 });
  });

  it("exposes long-prompt tiers, and computeCost then bills as the package does on both sides of 200k", () => {
    const entry = lookupCatalogPrice("google", "gemini-2.5-pro")!;
    expect(entry.price).toEqual({
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      cachedInputPerMTok: 0.125,
      tiers: [
        {
          aboveInputTokens: 200_000,
          price: { inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 },
        },
      ],
    });
    for (const [uncached, cached] of [
      [150_000, 50_000], // exactly 200k: base tier
      [150_000, 50_001], // one above: the whole call at the higher tier
    ] as const) {
      const usage = {
        inputTokens: uncached,
        cachedInputTokens: cached,
        cacheWriteTokens: 0,
        outputTokens: 3_000,
        reasoningTokens: 0,
      };
      const ours = computeCost(usage, entry.price, entry.source).totalNanoUsd;
      const theirs = calcPrice(
        { input_tokens: uncached + cached, cache_read_tokens: cached, output_tokens: 3_000 },
        "gemini-2.5-pro",
        {
          providerId: "google",
        },
      )!.total_price;
      expect(ours).toBe(Math.round(theirs * 1e9));
    }
  });

  it("costs an Anthropic call with cache reads and writes to the nano-dollar the package computes", () => {
    const entry = lookupCatalogPrice("anthropic", "claude-sonnet-4")!;
    const usage = {
      inputTokens: 4_740,
      cachedInputTokens: 1_200,
      cacheWriteTokens: 4_735,
      outputTokens: 255,
      reasoningTokens: 0,
    };
    const theirs = calcPrice(
      {
        input_tokens: 4_740 + 1_200 + 4_735,
        cache_read_tokens: 1_200,
        cache_write_tokens: 4_735,
        output_tokens: 255,
      },
      "claude-sonnet-4-20250514",
      { providerId: "anthropic" },
    )!.total_price;
    expect(computeCost(usage, entry.price, entry.source).totalNanoUsd).toBe(Math.round(theirs * 1e9));
  });

  it("reserves at the dearest time-of-day rate unless asked about an instant (DeepSeek off-peak)", () => {
    expect(lookupCatalogPrice("deepseek", "deepseek-chat")?.price.inputPerMTok).toBe(0.27);
    expect(
      lookupCatalogPrice("deepseek", "deepseek-chat", new Date("2026-01-05T10:00:00Z"))?.price.inputPerMTok,
    ).toBe(0.27);
    expect(
      lookupCatalogPrice("deepseek", "deepseek-chat", new Date("2026-01-05T20:00:00Z"))?.price.inputPerMTok,
    ).toBe(0.135);
  });
});

describe("catalogProviderId", () => {
  it("maps our provider names to the catalog's ids, exactly", () => {
    expect(catalogProviderId("gemini")).toBe("google");
    expect(catalogProviderId("openrouter")).toBe("openrouter");
    expect(catalogProviderId("xai")).toBe("x-ai");
    expect(catalogProviderId("groq")).toBe("groq");
    // No fuzzy "contains openai": a proxy in front of another model is not OpenAI.
    expect(catalogProviderId("openai-proxy")).toBeUndefined();
  });

  it("prefers a base URL the catalog knows, then the kind, then the name", () => {
    expect(
      catalogProviderId("gem", {
        kind: "openai-compatible",
        baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai/",
      }),
    ).toBe("google");
    expect(catalogProviderId("router", { kind: "openai", baseUrl: "https://openrouter.ai/api/v1" })).toBe(
      "openrouter",
    );
    expect(catalogProviderId("sim", { kind: "openai", baseUrl: "http://127.0.0.1:4010/v1" })).toBe("openai");
    expect(
      catalogProviderId("ollama", { kind: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1" }),
    ).toBeUndefined();
  });
});
