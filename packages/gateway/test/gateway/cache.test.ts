import { afterEach, describe, expect, it } from "vitest";
import { ask, startHarness, type Harness } from "./sim-fixture.js";

let h: Harness | undefined;
afterEach(() => h?.close());

const models = [
  { id: "gpt-4o-mini", provider: "openai" as const, contextWindow: 128_000 },
  { id: "claude-3-5-haiku-latest", provider: "anthropic" as const, contextWindow: 200_000 },
];

describe("cache", () => {
  it("serves a repeated request at zero cost without calling the provider, unless fresh", async () => {
    h = await startHarness({ seed: 1, models });
    const first = await h.gateway.complete(ask("openai/gpt-4o-mini", "Same text."));
    const again = await h.gateway.complete(ask("openai/gpt-4o-mini", "Same text.", { stream: true }));
    expect(again.cached).toBe(true);
    expect(again.text).toBe(first.text);
    expect(again.cost.totalNanoUsd).toBe(0);
    expect(again.cacheKey).toBe(first.cacheKey);
    expect(h.sim.stats().totalRequests).toBe(1);
    expect(h.events.filter((e) => e.type === "cache_hit")).toHaveLength(1);
    const fresh = await h.gateway.complete(ask("openai/gpt-4o-mini", "Same text.", { fresh: true }));
    expect(fresh.cached).toBe(false);
    expect(h.sim.stats().totalRequests).toBe(2);
  });

  it("keys on what changes the answer: another temperature is another request", async () => {
    h = await startHarness({ seed: 1, models });
    await h.gateway.complete(ask("openai/gpt-4o-mini", "Same text.", { temperature: 0 }));
    const other = await h.gateway.complete(ask("openai/gpt-4o-mini", "Same text.", { temperature: 1 }));
    expect(other.cached).toBe(false);
  });
});

describe("provider prompt caching is priced once, at the cache rates", () => {
  it("OpenAI: cached prompt tokens are billed at the cached rate and not again as input", async () => {
    h = await startHarness({ seed: 1, models });
    const framework = "Definitions of populism and pluralism. ".repeat(200);
    const call = (text: string) =>
      h!.gateway.complete({
        model: "openai/gpt-4o-mini",
        messages: [
          { role: "system", content: framework },
          { role: "user", content: text },
        ],
        maxTokens: 32,
      });
    await call("First speech.");
    const second = await call("Second speech.");
    const price = h.gateway.resolve("openai/gpt-4o-mini").price;
    expect(second.usage.cachedInputTokens).toBeGreaterThan(1000);
    expect(second.cost.byKind.cachedInputTokens).toBe(
      Math.round(second.usage.cachedInputTokens * (price.cachedInputPerMTok ?? price.inputPerMTok) * 1000),
    );
    expect(second.cost.byKind.inputTokens).toBe(
      Math.round(second.usage.inputTokens * price.inputPerMTok * 1000),
    );
    expect(second.usage.inputTokens).toBeLessThan(200);
  });

  it("Anthropic: a cache write and a later read are priced at their own rates", async () => {
    h = await startHarness({ seed: 1, models });
    const framework = "Definitions of populism and pluralism. ".repeat(200);
    const call = (text: string) =>
      h!.gateway.complete({
        model: "anthropic/claude-3-5-haiku-latest",
        messages: [
          { role: "system", content: framework },
          { role: "user", content: text },
        ],
        maxTokens: 32,
        cacheSystemPrompt: true,
      });
    const first = await call("First speech.");
    const second = await call("Second speech.");
    const price = h.gateway.resolve("anthropic/claude-3-5-haiku-latest").price;
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(1000);
    expect(first.cost.byKind.cacheWriteTokens).toBe(
      Math.round(first.usage.cacheWriteTokens * (price.cacheWritePerMTok ?? price.inputPerMTok) * 1000),
    );
    expect(second.usage.cachedInputTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.cacheWriteTokens).toBe(0);
    expect(second.cost.byKind.cachedInputTokens).toBeLessThan(first.cost.byKind.cacheWriteTokens / 5);
  });
});
