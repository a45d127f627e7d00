import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../../src/config/gateway-config.js";
import { UnknownModelError, UnpricedModelError } from "../../src/errors.js";
import { lookupCatalogPrice } from "../../src/pricing/price-catalog.js";
import { ModelRegistry } from "../../src/registry/model-registry.js";

const config: GatewayConfig = {
  providers: {
    openai: { kind: "openai", apiKeyEnv: "OPENAI_API_KEY" },
    anthropic: { kind: "anthropic", apiKeyEnv: "ANTHROPIC_API_KEY" },
    gemini: {
      kind: "openai-compatible",
      baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai/",
      apiKeyEnv: "GEMINI_API_KEY",
    },
    openrouter: {
      kind: "openai-compatible",
      baseUrl: "https://openrouter.ai/api/v1",
      apiKeyEnv: "OPENROUTER_API_KEY",
    },
    ollama: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", apiKeyEnv: "OLLAMA_KEY" },
    sim: { kind: "openai", baseUrl: "http://127.0.0.1:4010/v1", apiKeyEnv: "SIM_KEY", simulated: true },
    local: { kind: "local" },
  },
  models: {
    fast: { provider: "openai", model: "gpt-4o-mini", fallbacks: ["claude", "gemini/gemini-2.5-flash"] },
    claude: { provider: "anthropic", model: "claude-3-5-haiku-20241022" },
    llama: {
      provider: "ollama",
      model: "llama3.1:8b",
      price: { inputPerMTok: 0, outputPerMTok: 0 },
      contextWindow: 8_192,
    },
    "openai/gpt-4.1": { fallbacks: ["fast"], contextWindow: 500_000 },
    "anthropic/claude-sonnet-4": { price: { inputPerMTok: 2.5, outputPerMTok: 12 } },
  },
};

describe("ModelRegistry.resolve", () => {
  const registry = new ModelRegistry(config);

  it("resolves an alias to its provider and model, priced from the catalog", () => {
    const fast = registry.resolve("fast");
    const catalog = lookupCatalogPrice("openai", "gpt-4o-mini")!;
    expect(fast).toEqual({
      id: "openai/gpt-4o-mini",
      provider: "openai",
      providerKind: "openai",
      providerModelId: "gpt-4o-mini",
      contextWindow: 128_000,
      contextWindowSource: "catalog",
      price: catalog.price,
      priceSource: catalog.source,
      fallbacks: ["claude", "gemini/gemini-2.5-flash"],
      simulated: false,
    });
    expect(fast.priceSource.name).toBe("@pydantic/genai-prices");
  });

  it("resolves '<provider>/<model>', and Google's OpenAI-compatible endpoint at Gemini API prices", () => {
    const flash = registry.resolve("gemini/gemini-2.5-flash");
    expect(flash).toMatchObject({
      provider: "gemini",
      providerKind: "openai-compatible",
      providerModelId: "gemini-2.5-flash",
      contextWindow: 1_048_576,
    });
    expect(flash.price).toEqual(lookupCatalogPrice("google", "gemini-2.5-flash")!.price);
    expect(registry.resolve("openrouter/openai/gpt-4o-mini").providerModelId).toBe("openai/gpt-4o-mini");
  });

  it("prices provider-sim standing in for OpenAI at OpenAI's prices, and marks it simulated", () => {
    const sim = registry.resolve("sim/gpt-4.1");
    expect(sim.price).toEqual(lookupCatalogPrice("openai", "gpt-4.1")!.price);
    expect(sim.simulated).toBe(true);
  });

  it("lets the config override the catalog's price, and says so in the source", () => {
    const sonnet = registry.resolve("anthropic/claude-sonnet-4");
    expect(sonnet.price).toEqual({ inputPerMTok: 2.5, outputPerMTok: 12 });
    expect(sonnet.priceSource).toEqual({ name: "config", version: "discernus.config.json" });
    expect(registry.resolve("llama").priceSource.name).toBe("config");
  });

  it("refuses a model with no price rather than costing it at $0", () => {
    expect(() => registry.resolve("ollama/mistral:7b")).toThrow(UnpricedModelError);
    expect(() => registry.resolve("openai/gpt-9-imaginary")).toThrow(
      /models\["openai\/gpt-9-imaginary"\]\.price/,
    );
  });

  it("refuses an unknown provider or alias, listing the names it knows", () => {
    const err = (() => {
      try {
        registry.resolve("nowhere/gpt-4o-mini");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownModelError);
    expect((err as Error).message).toContain("fast");
    expect((err as Error).message).toContain("gemini/<model>");
    expect(() => registry.resolve("gpt-4o-mini")).toThrow(UnknownModelError);
    expect(() => registry.resolve("openai/")).toThrow(UnknownModelError);
  });

  it("gives local instruments free, priced by the scoring package's version", () => {
    const vader = registry.resolve("local/vader");
    expect(vader.price).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(vader.priceSource).toEqual({ name: "local", version: "vader-sentiment@1.1.3" });
    expect(registry.resolve("local/afinn").priceSource.version).toBe("sentiment@5.0.2");
    expect(vader.contextWindow).toBeUndefined();
    expect(() => registry.resolve("local/textblob")).toThrow(UnknownModelError);
  });

  it("takes fallbacks as configured for the alias or the qualified name", () => {
    expect(registry.resolve("openai/gpt-4.1").fallbacks).toEqual(["fast"]);
    expect(registry.resolve("claude").fallbacks).toEqual([]);
  });

  it("takes the context window from the config, else the catalog, else the built-in table, and says which", () => {
    expect(registry.resolve("openai/gpt-4.1")).toMatchObject({
      contextWindow: 500_000,
      contextWindowSource: "config",
    });
    expect(registry.resolve("llama")).toMatchObject({ contextWindow: 8_192, contextWindowSource: "config" });
    expect(registry.resolve("claude")).toMatchObject({
      contextWindow: 200_000,
      contextWindowSource: "catalog",
    });
    // The catalog has no window for Gemini 2.5 Pro nor for OpenRouter's Claude Sonnet 4.
    expect(lookupCatalogPrice("google", "gemini-2.5-pro")!.contextWindow).toBeUndefined();
    expect(registry.resolve("gemini/gemini-2.5-pro")).toMatchObject({
      contextWindow: 1_048_576,
      contextWindowSource: "builtin",
    });
    expect(registry.resolve("openrouter/anthropic/claude-sonnet-4")).toMatchObject({
      contextWindow: 200_000,
      contextWindowSource: "builtin",
    });
  });

  it("leaves the context window undefined when nobody knows it", () => {
    const registryWithPrice = new ModelRegistry({
      providers: config.providers,
      models: { "ollama/qwen3:4b": { price: { inputPerMTok: 0, outputPerMTok: 0 } } },
    });
    const qwen = registryWithPrice.resolve("ollama/qwen3:4b");
    expect(qwen.contextWindow).toBeUndefined();
    expect(qwen.contextWindowSource).toBeUndefined();
  });

  it("caches resolutions", () => {
    expect(registry.resolve("fast")).toBe(registry.resolve("fast"));
  });
});

describe("ModelRegistry.list", () => {
  it("lists aliases, configured qualified models and the local instruments", () => {
    expect(new ModelRegistry(config).list()).toEqual([
      "anthropic/claude-sonnet-4",
      "claude",
      "fast",
      "llama",
      "local/afinn",
      "local/vader",
      "openai/gpt-4.1",
    ]);
  });
});
