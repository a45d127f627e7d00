import { describe, expect, it } from "vitest";
import { validateGatewayConfig } from "../../src/config/validate-gateway-config.js";
import { ConfigInvalidError } from "../../src/errors.js";

/** A realistic config: OpenAI, Anthropic, Gemini through its OpenAI-compatible endpoint, the local instruments. */
const valid = () => ({
  providers: {
    openai: {
      kind: "openai",
      apiKeyEnv: "OPENAI_API_KEY",
      limits: { "gpt-4o-mini": { requestsPerMinute: 500, tokensPerMinute: 200_000 } },
    },
    anthropic: { kind: "anthropic", apiKeyEnv: "ANTHROPIC_API_KEY", timeoutMs: 90_000 },
    gemini: {
      kind: "openai-compatible",
      baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai/",
      apiKeyEnv: "GEMINI_API_KEY",
    },
    local: { kind: "local" },
  },
  models: {
    fast: { provider: "openai", model: "gpt-4o-mini", fallbacks: ["gemini/gemini-2.5-flash", "haiku"] },
    haiku: { provider: "anthropic", model: "claude-3-5-haiku-latest" },
    "gemini/gemini-2.5-pro": {
      contextWindow: 1_048_576,
      price: {
        inputPerMTok: 1.25,
        outputPerMTok: 10,
        tiers: [{ aboveInputTokens: 200_000, price: { inputPerMTok: 2.5, outputPerMTok: 15 } }],
      },
    },
  },
  budget: { capUsd: 5 },
  retry: { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 10_000 },
  concurrency: 8,
  defaultMaxTokens: 512,
});

type Config = ReturnType<typeof valid> & Record<string, unknown>;

/** Applies `edit` to a fresh valid config and returns the error validation throws. */
function errorFor(edit: (c: Config) => void): ConfigInvalidError {
  const config = valid() as Config;
  edit(config);
  try {
    validateGatewayConfig(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigInvalidError);
    return err as ConfigInvalidError;
  }
  throw new Error("expected a ConfigInvalidError");
}

describe("validateGatewayConfig", () => {
  it("accepts a realistic config and returns it typed", () => {
    const config = valid();
    expect(validateGatewayConfig(config)).toBe(config);
  });

  it("names the file given as the source", () => {
    const err = (() => {
      try {
        return validateGatewayConfig({ providers: {} }, "/home/ada/study/discernus.config.json");
      } catch (e) {
        return e as Error;
      }
    })() as Error;
    expect(err.message).toContain("/home/ada/study/discernus.config.json");
  });

  it("refuses an unknown provider kind, listing the kinds and suggesting the near one", () => {
    const err = errorFor((c) => ((c.providers.gemini as { kind: string }).kind = "openai_compatible"));
    expect(err.field).toBe("providers.gemini.kind");
    expect(err.message).toContain('Did you mean "openai-compatible"?');
    for (const kind of ["openai", "anthropic", "openai-compatible", "local"])
      expect(err.message).toContain(`"${kind}"`);
    expect(err.message).toContain("discernus.config.json");
  });

  it("requires a baseUrl for openai-compatible, and a real http(s) URL", () => {
    const missing = errorFor((c) => delete (c.providers.gemini as { baseUrl?: string }).baseUrl);
    expect(missing.field).toBe("providers.gemini.baseUrl");
    expect(missing.message).toMatch(/openai-compatible.*https:\/\/generativelanguage/s);
    for (const bad of ["generativelanguage.googleapis.com", "ftp://example.org", 42]) {
      const err = errorFor((c) => ((c.providers.gemini as { baseUrl: unknown }).baseUrl = bad));
      expect(err.field).toBe("providers.gemini.baseUrl");
      expect(err.message).toContain("http(s) URL");
    }
  });

  it("refuses a baseUrl carrying a credential without repeating it", () => {
    const err = errorFor(
      (c) =>
        ((c.providers.gemini as { baseUrl: string }).baseUrl =
          "https://x.googleapis.com/v1?key=AIzaSyD-secret123"),
    );
    expect(err.field).toBe("providers.gemini.baseUrl");
    expect(err.message).not.toContain("AIzaSyD-secret123");
    expect(err.message).toContain("environment");
  });

  it("requires apiKeyEnv for non-local kinds, with an example variable name", () => {
    const err = errorFor((c) => delete (c.providers.anthropic as { apiKeyEnv?: string }).apiKeyEnv);
    expect(err.field).toBe("providers.anthropic.apiKeyEnv");
    expect(err.message).toContain("ANTHROPIC_API_KEY");
    expect(() => validateGatewayConfig({ providers: { local: { kind: "local" } } })).not.toThrow();
  });

  it("refuses a key pasted into apiKeyEnv and never echoes it", () => {
    const keys = [
      "sk-proj-4fJ8kL2mN9pQ1rS5tU7vW3xY6zA0bC", // OpenAI-style prefix
      "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf",
      "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU", // Google
      "q8Fz2LmW7xT4kP9vR3nB6yH1sJ5dC0gA", // long and random, no prefix
    ];
    for (const key of keys) {
      const err = errorFor((c) => ((c.providers.openai as { apiKeyEnv: string }).apiKeyEnv = key));
      expect(err.field).toBe("providers.openai.apiKeyEnv");
      expect(err.message).toContain("apiKeyEnv names an environment variable, not the key itself");
      expect(err.message.toLowerCase()).toContain("move the key into the environment");
      expect(err.message).not.toContain(key);
      expect(err.message).not.toContain(key.slice(0, 12));
    }
  });

  it("accepts long environment variable names that are not keys", () => {
    const config = valid();
    config.providers.openai.apiKeyEnv = "MY_LAB_OPENROUTER_API_KEY_FOR_PROJECT_2026";
    expect(() => validateGatewayConfig(config)).not.toThrow();
  });

  it("refuses a credential under a field of its own, without echoing it", () => {
    const err = errorFor(
      (c) => ((c.providers.openai as Record<string, unknown>).apiKey = "sk-live-abcdef0123456789"),
    );
    expect(err.field).toBe("providers.openai.apiKey");
    expect(err.message).toContain("environment variable");
    expect(err.message).not.toContain("sk-live");
  });

  it.each([
    ["budget.capUsd", (c: Config) => (c.budget.capUsd = -1)],
    ["budget.capUsd", (c: Config) => (c.budget.capUsd = Number.NaN)],
    ["concurrency", (c: Config) => (c.concurrency = 0)],
    ["concurrency", (c: Config) => (c.concurrency = 2.5)],
    ["defaultMaxTokens", (c: Config) => (c.defaultMaxTokens = Number.POSITIVE_INFINITY)],
    ["retry.maxRetries", (c: Config) => (c.retry.maxRetries = -2)],
    ["retry.maxDelayMs", (c: Config) => (c.retry.maxDelayMs = 10)],
    ["providers.anthropic.timeoutMs", (c: Config) => (c.providers.anthropic.timeoutMs = 0)],
    [
      "providers.openai.limits.gpt-4o-mini.tokensPerMinute",
      (c: Config) => (c.providers.openai.limits["gpt-4o-mini"].tokensPerMinute = -5),
    ],
    [
      "models.gemini/gemini-2.5-pro.price.inputPerMTok",
      (c: Config) => (c.models["gemini/gemini-2.5-pro"].price.inputPerMTok = -0.1),
    ],
    [
      "models.gemini/gemini-2.5-pro.price.outputPerMTok",
      (c: Config) => (c.models["gemini/gemini-2.5-pro"].price.outputPerMTok = Number.NaN),
    ],
    [
      "models.gemini/gemini-2.5-pro.price.tiers[0].price.outputPerMTok",
      (c: Config) => (c.models["gemini/gemini-2.5-pro"].price.tiers[0]!.price.outputPerMTok = -1),
    ],
    [
      "models.gemini/gemini-2.5-pro.contextWindow",
      (c: Config) => (c.models["gemini/gemini-2.5-pro"].contextWindow = 0),
    ],
  ])("refuses a bad number at %s", (field, edit) => {
    const err = errorFor(edit);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/must be|is below/);
    expect(err.message).toContain("discernus.config.json");
  });

  it("refuses a fallback to a model nobody configured", () => {
    const err = errorFor((c) => (c.models.fast.fallbacks = ["haiku", "mistral/mistral-large"]));
    expect(err.field).toBe("models.fast.fallbacks");
    expect(err.message).toContain("entry 2");
    expect(err.message).toContain('"mistral/mistral-large"');
    expect(err.message).toContain("haiku");
  });

  it("refuses an alias without provider or model, or with a provider not configured", () => {
    const noProvider = errorFor((c) => delete (c.models.haiku as { provider?: string }).provider);
    expect(noProvider.field).toBe("models.haiku");
    expect(noProvider.message).toContain('has no "provider"');
    const noModel = errorFor((c) => delete (c.models.haiku as { model?: string }).model);
    expect(noModel.field).toBe("models.haiku");
    expect(noModel.message).toContain("alias");
    const unknown = errorFor((c) => ((c.models.haiku as { provider: string }).provider = "bedrock"));
    expect(unknown.field).toBe("models.haiku.provider");
    expect(unknown.message).toContain("openai, anthropic, gemini, local");
  });

  it("refuses a local model the local provider does not have", () => {
    const err = errorFor(
      (c) => ((c.models as Record<string, unknown>).mood = { provider: "local", model: "textblob" }),
    );
    expect(err.field).toBe("models.mood.model");
    expect(err.message).toContain("vader, afinn");
  });

  it("refuses a misspelt field, suggesting the right one", () => {
    const top = errorFor((c) => (c.budjet = { capUsd: 1 }));
    expect(top.field).toBe("budjet");
    expect(top.message).toContain('did you mean "budget"?');
    expect(errorFor((c) => (c.default_max_tokens = 100)).message).toContain(
      'did you mean "defaultMaxTokens"?',
    );
    const nested = errorFor((c) => ((c.providers.openai as Record<string, unknown>).apiKeyENV = "X"));
    expect(nested.field).toBe("providers.openai.apiKeyENV");
    expect(nested.message).toContain('did you mean "apiKeyEnv"?');
    const price = errorFor(
      (c) => ((c.models["gemini/gemini-2.5-pro"].price as Record<string, unknown>).inputPerMtok = 1),
    );
    expect(price.message).toContain('did you mean "inputPerMTok"?');
    expect(errorFor((c) => (c.telemetry = true)).message).not.toContain("did you mean");
  });

  it("refuses a config that is not an object or has no providers", () => {
    expect(() => validateGatewayConfig(null)).toThrow(ConfigInvalidError);
    expect(() => validateGatewayConfig({})).toThrow(/providers/);
    expect(() => validateGatewayConfig({ providers: { "a/b": { kind: "local" } } })).toThrow(/without "\/"/);
  });
});
