import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS, resolveSimConfig, SimConfigError, type SimConfig } from "../src/index.js";

const model = { id: "m", provider: "openai" as const, contextWindow: 1000 };

describe("resolveSimConfig", () => {
  it("fills in the defaults: seed 1, the default models, instant latency, 120 s stalls", () => {
    const config = resolveSimConfig();
    expect(config.seed).toBe(1);
    expect([...config.models.keys()]).toEqual(DEFAULT_MODELS.map((m) => m.id));
    expect(config.models.get("gpt-4o-mini")).toMatchObject({
      latency: { ttftMs: 0, tokensPerSecond: 0 },
      answerTokens: 60,
    });
    expect(config.models.get("o4-mini")?.reasoning).toBe(true);
    expect(config.stallMs).toBe(120_000);
    expect(config.apiKeys).toBeUndefined();
  });

  it("merges a model's fault rates over the top-level ones and gives top-level latency to models without their own", () => {
    const config = resolveSimConfig({
      latency: { ttftMs: 5, tokensPerSecond: 100 },
      faults: { "500": 0.1, "429": 0.1 },
      models: [
        { ...model, faults: { "429": 0.3 } },
        { ...model, id: "n", latency: { ttftMs: 1, tokensPerSecond: 0 } },
      ],
    });
    expect(config.models.get("m")).toMatchObject({
      faults: { "500": 0.1, "429": 0.3 },
      latency: { ttftMs: 5 },
    });
    expect(config.models.get("n")?.latency).toEqual({ ttftMs: 1, tokensPerSecond: 0 });
  });

  it.each<[string, unknown, RegExp]>([
    ["an unknown setting", { sed: 1 }, /sed is not a setting; known: seed/],
    ["a fault rate over 1", { faults: { "500": 2 } }, /faults\.500 must be a number from 0 to 1/],
    ["rates adding up past 1", { faults: { "500": 0.6, "429": 0.6 } }, /faults add up to 1\.2/],
    ["an unknown fault", { faults: { "418": 0.1 } }, /faults\.418 is not a setting/],
    [
      "a bad provider",
      { models: [{ ...model, provider: "gemini" }] },
      /models\[0\]\.provider must be "openai" or "anthropic"/,
    ],
    [
      "a fractional context window",
      { models: [{ ...model, contextWindow: 1.5 }] },
      /models\[0\]\.contextWindow must be a whole number/,
    ],
    [
      "an Anthropic limit on an OpenAI model",
      { models: [{ ...model, limits: { itpm: 5 } }] },
      /models\[0\]\.limits\.itpm is not a setting; known: rpm, tpm/,
    ],
    ["a duplicate id", { models: [model, model] }, /models\[1\]\.id repeats "m"/],
    [
      "noise out of range",
      { models: [{ ...model, noise: 3 }] },
      /models\[0\]\.noise must be a number from 0 to 1/,
    ],
    [
      "a fractional revision",
      { models: [{ ...model, revision: 0.5 }] },
      /models\[0\]\.revision must be a whole number/,
    ],
    ["an empty key", { apiKeys: [""] }, /apiKeys must be a list of non-empty strings/],
    ["a negative stall", { stallMs: -1 }, /stallMs must be a number from 0 up/],
    [
      "reasoning on a Claude model",
      { models: [{ ...model, provider: "anthropic", reasoning: true }] },
      /reasoning is modelled for OpenAI models only/,
    ],
  ])("refuses %s, naming the field", (_, config, message) => {
    expect(() => resolveSimConfig(config as SimConfig)).toThrow(SimConfigError);
    expect(() => resolveSimConfig(config as SimConfig)).toThrow(message);
  });
  it("fills in batch defaults and names a bad batch field", () => {
    expect(resolveSimConfig().batch).toEqual({
      processingMs: 60_000,
      windowMs: 86_400_000,
      itemFailureRate: 0,
      expireFraction: 0,
    });
    expect(() => resolveSimConfig({ batch: { itemFailureRate: 2 } })).toThrow(
      /batch\.itemFailureRate must be a number from 0 to 1, got 2/,
    );
    expect(() => resolveSimConfig({ batch: { windowMs: 0 } })).toThrow(/batch\.windowMs/);
    expect(() => resolveSimConfig({ batch: { window: 5 } } as unknown as SimConfig)).toThrow(
      /batch\.window is not a setting; known: processingMs, windowMs, itemFailureRate, expireFraction/,
    );
  });
});
