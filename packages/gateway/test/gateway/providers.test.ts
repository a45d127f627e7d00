import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeCost } from "@discernus/gateway";
import { ask, scoreFormat, startHarness, type Harness } from "./sim-fixture.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    {
      seed: 7,
      models: [
        { id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000 },
        { id: "o4-mini", provider: "openai", contextWindow: 200_000, reasoning: true },
        { id: "claude-3-5-haiku-latest", provider: "anthropic", contextWindow: 200_000 },
        { id: "gemini-2.5-flash", provider: "openai", contextWindow: 1_000_000 },
      ],
    },
    {
      models: {
        // An OpenAI-compatible endpoint the catalog cannot price by its provider name: the config prices it.
        "compat/gemini-2.5-flash": { price: { inputPerMTok: 0.3, outputPerMTok: 2.5 } },
      },
    },
  );
});
afterAll(() => h.close());

describe.each([
  ["openai/gpt-4o-mini", false],
  ["openai/gpt-4o-mini", true],
  ["anthropic/claude-3-5-haiku-latest", false],
  ["anthropic/claude-3-5-haiku-latest", true],
  ["compat/gemini-2.5-flash", false],
  ["compat/gemini-2.5-flash", true],
])("%s (stream: %s)", (model, stream) => {
  it("answers text with usage and an exact cost from the model's price", async () => {
    const r = await h.gateway.complete(
      ask(model, "We shall overcome these hard times together.", { stream, fresh: true }),
    );
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.model).toBe(model);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.simulated).toBe(true);
    const resolved = h.gateway.resolve(model);
    expect(r.cost).toEqual(computeCost(r.usage, resolved.price, resolved.priceSource));
    expect(r.cost.totalNanoUsd).toBeGreaterThan(0);
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0]?.outcome).toBe("ok");
  });

  it("returns structured output valid against the schema", async () => {
    const r = await h.gateway.complete(
      ask(model, "Our union is strong and our economy grows.", {
        stream,
        responseFormat: scoreFormat,
        fresh: true,
      }),
    );
    const json = r.json as { score: number; evidence: string };
    expect(typeof json.score).toBe("number");
    expect(json.score).toBeGreaterThanOrEqual(-1);
    expect(json.score).toBeLessThanOrEqual(1);
    expect(typeof json.evidence).toBe("string");
    expect(JSON.parse(r.text)).toEqual(json);
  });
});

describe("local models", () => {
  it("scores with VADER and AFINN at no cost and without a key", async () => {
    const vader = await h.gateway.complete(ask("local/vader", "The food was good."));
    const afinn = await h.gateway.complete(ask("local/afinn", "I hate this."));
    expect((vader.json as { score: number }).score).toBeGreaterThan(0);
    expect((afinn.json as { score: number }).score).toBeLessThan(0);
    expect(vader.cost.totalNanoUsd).toBe(0);
    expect(vader.cost.source.name).toBe("local");
    expect(vader.simulated).toBe(false);
  });
});

describe("reasoning models", () => {
  it("prices reasoning tokens once, apart from visible output", async () => {
    const r = await h.gateway.complete(
      ask("openai/o4-mini", "Assess the tone of this address.", { maxTokens: 2000, fresh: true }),
    );
    expect(r.usage.reasoningTokens).toBeGreaterThan(0);
    const resolved = h.gateway.resolve("openai/o4-mini");
    const perToken = (n: number, perMTok: number) => Math.round(n * perMTok * 1000);
    expect(r.cost.byKind.reasoningTokens).toBe(
      perToken(r.usage.reasoningTokens, resolved.price.reasoningPerMTok ?? resolved.price.outputPerMTok),
    );
    expect(r.cost.byKind.outputTokens).toBe(perToken(r.usage.outputTokens, resolved.price.outputPerMTok));
  });
});
