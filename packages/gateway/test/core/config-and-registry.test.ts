import { describe, expect, it } from "vitest";
import { validateGatewayConfig } from "../../src/config/validate-gateway-config.js";
import { ConfigInvalidError, UnknownModelError, UnpricedModelError } from "../../src/errors.js";
import { ModelRegistry } from "../../src/registry/model-registry.js";

const base = {
  providers: { openai: { kind: "openai", apiKeyEnv: "OPENAI_API_KEY" }, local: { kind: "local" } },
};
const problem = (config: unknown): ConfigInvalidError => {
  try {
    validateGatewayConfig(config, "study/discernus.config.json");
  } catch (err) {
    return err as ConfigInvalidError;
  }
  throw new Error("expected the config to be refused");
};

describe("validateGatewayConfig", () => {
  it("names the field, the file and the fix", () => {
    const e = problem({ providers: { x: { kind: "azure" } } });
    expect(e).toBeInstanceOf(ConfigInvalidError);
    expect(e.field).toBe("providers.x.kind");
    expect(e.message).toMatch(/"openai", "anthropic", "openai-compatible", "local"/);
    expect(e.message).toContain("study/discernus.config.json");
    expect(problem({ providers: { g: { kind: "openai-compatible", apiKeyEnv: "G" } } }).field).toBe(
      "providers.g.baseUrl",
    );
    expect(
      problem({ providers: { g: { kind: "openai-compatible", apiKeyEnv: "G", baseUrl: "not a url" } } })
        .field,
    ).toBe("providers.g.baseUrl");
    expect(problem({ providers: { o: { kind: "openai" } } }).field).toBe("providers.o.apiKeyEnv");
  });

  it("refuses a key pasted where the variable name belongs, without repeating the key", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const e = problem({ providers: { o: { kind: "openai", apiKeyEnv: key } } });
    expect(e.message).toMatch(/not the key itself/);
    expect(e.message).not.toContain(key);
    expect(e.message).not.toContain("abcdefghij");
  });

  it("refuses negative or NaN limits and budgets, unknown fallbacks, and bare aliases", () => {
    expect(problem({ ...base, budget: { capUsd: -2 } }).field).toBe("budget.capUsd");
    expect(problem({ ...base, budget: { capUsd: Number.NaN } }).message).toMatch(/got NaN/);
    expect(
      problem({
        providers: { o: { kind: "openai", apiKeyEnv: "K", limits: { "gpt-4o": { tokensPerMinute: -5 } } } },
      }).field,
    ).toBe("providers.o.limits.gpt-4o.tokensPerMinute");
    expect(
      problem({
        ...base,
        models: { fast: { provider: "openai", model: "gpt-4o-mini", fallbacks: ["nowhere/x"] } },
      }).field,
    ).toBe("models.fast.fallbacks");
    expect(problem({ ...base, models: { fast: { model: "gpt-4o-mini" } } }).field).toBe("models.fast");
  });

  it("suggests the field meant by a typo", () => {
    const e = problem({ ...base, budjet: { capUsd: 1 } });
    expect(e.field).toBe("budjet");
    expect(e.message).toContain('did you mean "budget"');
  });
});

describe("ModelRegistry", () => {
  const registry = new ModelRegistry(
    validateGatewayConfig({
      ...base,
      providers: {
        ...base.providers,
        lab: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", apiKeyEnv: "LAB_KEY" },
      },
      models: {
        fast: { provider: "openai", model: "gpt-4o-mini", fallbacks: ["local/vader"] },
        "lab/llama3": { price: { inputPerMTok: 0, outputPerMTok: 0 }, contextWindow: 8_192 },
        "openai/gpt-4o": { price: { inputPerMTok: 1, outputPerMTok: 2 } },
      },
    }),
  );

  it("resolves aliases with their fallbacks, and prices from the catalog with its source", () => {
    const fast = registry.resolve("fast");
    expect(fast).toMatchObject({
      id: "openai/gpt-4o-mini",
      providerModelId: "gpt-4o-mini",
      fallbacks: ["local/vader"],
      contextWindow: 128_000,
    });
    expect(fast.priceSource.name).toBe("@pydantic/genai-prices");
  });

  it("lets the config's price win, saying so, and prices unknown servers only from the config", () => {
    expect(registry.resolve("openai/gpt-4o")).toMatchObject({
      price: { inputPerMTok: 1, outputPerMTok: 2 },
      priceSource: { name: "config" },
    });
    expect(registry.resolve("lab/llama3").contextWindow).toBe(8_192);
    expect(() => registry.resolve("lab/mistral")).toThrow(UnpricedModelError);
    expect(() => registry.resolve("openai/gpt-9-imaginary")).toThrow(/never costs a call at \$0/);
  });

  it("names the known models when a name does not resolve", () => {
    expect(() => registry.resolve("gpt4o")).toThrow(UnknownModelError);
    expect(() => registry.resolve("gpt4o")).toThrow(/fast/);
    expect(() => registry.resolve("local/liwc")).toThrow(UnknownModelError);
  });

  it("resolves local instruments as free, with the scoring package as the price source", () => {
    expect(registry.resolve("local/vader")).toMatchObject({
      price: { inputPerMTok: 0, outputPerMTok: 0 },
      priceSource: { name: "local" },
    });
  });
});
