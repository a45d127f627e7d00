import { afterEach, describe, expect, it } from "vitest";
import { ask, startHarness, type Harness } from "./sim-fixture.js";

let h: Harness | undefined;
afterEach(() => h?.close());

describe("rate limits learned from headers", () => {
  it("keeps 45 concurrent calls within TPM with no 429, limits learned from the first response", async () => {
    h = await startHarness(
      {
        seed: 5,
        models: [
          {
            id: "gpt-4o-mini",
            provider: "openai",
            contextWindow: 128_000,
            limits: { rpm: 10_000, tpm: 60_000 },
          },
        ],
      },
      { concurrency: 45 },
    );
    // ~1,500 tokens charged each (prompt + maxTokens): 45 of them pass a minute's 60,000 by ~7,500.
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        h!.gateway.complete(
          ask("openai/gpt-4o-mini", `Speech ${i}. ${"Liberty and union. ".repeat(10)}`, { maxTokens: 1400 }),
        ),
      ),
    );
    expect(results).toHaveLength(45);
    const stats = h.sim.stats();
    expect(stats.byStatus["429"] ?? 0).toBe(0);
    expect(h.events.some((e) => e.type === "rate_limit_wait")).toBe(true);
    const snapshot = h.events.find((e) => e.type === "rate_limit");
    expect(snapshot?.type === "rate_limit" && snapshot.snapshot.tokens?.limit).toBe(60_000);
    const state = h.gateway.limiter.state().find((s) => s.key === "openai/gpt-4o-mini");
    expect(state).toBeDefined();
  }, 30_000);

  it("anthropic: honours input and output token limits read from anthropic-ratelimit-* headers", async () => {
    h = await startHarness(
      {
        seed: 5,
        models: [
          {
            id: "claude-3-5-haiku-latest",
            provider: "anthropic",
            contextWindow: 200_000,
            limits: { rpm: 10_000, itpm: 100_000, otpm: 40_000 },
          },
        ],
      },
      { concurrency: 40 },
    );
    // maxTokens 1,100 x 40 = 44,000 output tokens reserved against an OTPM of 40,000.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h!.gateway.complete(ask("anthropic/claude-3-5-haiku-latest", `Speech ${i}.`, { maxTokens: 1100 })),
      ),
    );
    expect(h.sim.stats().byStatus["429"] ?? 0).toBe(0);
    const snapshot = h.events.find((e) => e.type === "rate_limit");
    expect(snapshot?.type === "rate_limit" && snapshot.snapshot.outputTokens?.limit).toBe(40_000);
  }, 30_000);
});
