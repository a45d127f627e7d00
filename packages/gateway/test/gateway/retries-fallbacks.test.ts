import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, CallFailedError, ContextWindowExceededError } from "@discernus/gateway";
import { ask, startHarness, type Harness } from "./sim-fixture.js";

const models = [
  { id: "gpt-4o-mini", provider: "openai" as const, contextWindow: 128_000 },
  { id: "gpt-4.1", provider: "openai" as const, contextWindow: 1_000_000 },
  { id: "claude-3-5-haiku-latest", provider: "anthropic" as const, contextWindow: 200_000 },
];

let h: Harness | undefined;
afterEach(() => h?.close());

describe("retries", () => {
  it("retries a 429 after the Retry-After the provider sent, and succeeds", async () => {
    h = await startHarness({ seed: 1, models });
    h.sim.inject({ model: "gpt-4o-mini", fault: "429", count: 2 });
    const r = await h.gateway.complete(ask("openai/gpt-4o-mini", "Text one."));
    expect(r.attempts.map((a) => a.outcome)).toEqual(["rate_limited", "rate_limited", "ok"]);
    const retries = h.events.filter((e) => e.type === "retry");
    expect(retries).toHaveLength(2);
    for (const [i, e] of retries.entries()) {
      const retryAfter = r.attempts[i]?.retryAfterMs;
      expect(retryAfter).toBeGreaterThan(0);
      if (e.type === "retry") expect(e.delayMs).toBeGreaterThanOrEqual(retryAfter ?? 0);
    }
  });

  it("does not retry an authentication failure", async () => {
    h = await startHarness({ seed: 1, models, apiKeys: ["another-key"] });
    const err = await h.gateway.complete(ask("openai/gpt-4o-mini", "Text.")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallFailedError);
    expect((err as CallFailedError).attempts.map((a) => a.outcome)).toEqual(["provider_auth"]);
    expect(h.sim.stats().totalRequests).toBe(1);
  });

  it("retries a malformed body and a dropped connection", async () => {
    h = await startHarness({ seed: 1, models });
    h.sim.inject({ model: "gpt-4o-mini", fault: "malformed", count: 1 });
    h.sim.inject({ model: "gpt-4o-mini", fault: "drop", count: 1 });
    const r = await h.gateway.complete(ask("openai/gpt-4o-mini", "Text."));
    expect(r.attempts.map((a) => a.outcome)).toEqual(["malformed_response", "provider_connection", "ok"]);
  });
});

describe("fallbacks", () => {
  it("falls back once the model's retries are spent, without restarting the first model's cycle", async () => {
    h = await startHarness({ seed: 1, models }, { retry: { maxRetries: 2 } });
    h.sim.inject({ model: "gpt-4o-mini", fault: "503", count: 100 });
    const r = await h.gateway.complete(
      ask("openai/gpt-4o-mini", "Text.", { fallbacks: ["anthropic/claude-3-5-haiku-latest"] }),
    );
    expect(r.model).toBe("anthropic/claude-3-5-haiku-latest");
    expect(r.route).toEqual(["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]);
    expect(r.attempts.map((a) => `${a.model}:${a.outcome}`)).toEqual([
      "openai/gpt-4o-mini:provider_server_error",
      "openai/gpt-4o-mini:provider_server_error",
      "openai/gpt-4o-mini:provider_server_error",
      "anthropic/claude-3-5-haiku-latest:ok",
    ]);
    expect(h.events.filter((e) => e.type === "fallback")).toHaveLength(1);
    const byModel = h.sim.stats().byModel;
    expect(byModel["gpt-4o-mini"]?.total).toBe(3);
  });

  it("falls back when a streamed call is answered 429 until retries run out", async () => {
    h = await startHarness({ seed: 1, models }, { retry: { maxRetries: 1 } });
    h.sim.inject({ model: "gpt-4o-mini", fault: "429", count: 100 });
    const r = await h.gateway.complete(
      ask("openai/gpt-4o-mini", "Text.", { stream: true, fallbacks: ["openai/gpt-4.1"] }),
    );
    expect(r.model).toBe("openai/gpt-4.1");
    expect(r.attempts.filter((a) => a.outcome === "rate_limited")).toHaveLength(2);
  });

  it("falls back on a stream cut mid-answer after retrying it", async () => {
    h = await startHarness({ seed: 1, models }, { retry: { maxRetries: 0 } });
    h.sim.inject({ model: "claude-3-5-haiku-latest", fault: "midstream_cut", count: 100 });
    const r = await h.gateway.complete(
      ask("anthropic/claude-3-5-haiku-latest", "Text.", { stream: true, fallbacks: ["openai/gpt-4o-mini"] }),
    );
    expect(r.route).toEqual(["anthropic/claude-3-5-haiku-latest", "openai/gpt-4o-mini"]);
    expect(r.attempts[0]?.outcome).toBe("provider_connection");
  });

  it("skips a model whose context window is too small and uses the next that fits, before sending", async () => {
    h = await startHarness({ seed: 1, models }, { models: { "openai/gpt-4o-mini": { contextWindow: 50 } } });
    const long = "word ".repeat(200);
    const r = await h.gateway.complete(ask("openai/gpt-4o-mini", long, { fallbacks: ["openai/gpt-4.1"] }));
    expect(r.model).toBe("openai/gpt-4.1");
    expect(r.attempts[0]?.outcome).toBe("context_window_exceeded");
    expect(h.sim.stats().byModel["gpt-4o-mini"]?.total ?? 0).toBe(0);
  });

  it("reports every attempt when all routes fail", async () => {
    h = await startHarness({ seed: 1, models }, { retry: { maxRetries: 1 } });
    h.sim.inject({ model: "gpt-4o-mini", fault: "500", count: 100 });
    h.sim.inject({ model: "gpt-4.1", fault: "502", count: 100 });
    const err = await h.gateway
      .complete(ask("openai/gpt-4o-mini", "Text.", { fallbacks: ["openai/gpt-4.1"] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallFailedError);
    expect((err as CallFailedError).attempts).toHaveLength(4);
    const failed = h.events.find((e) => e.type === "failed");
    expect(failed?.type === "failed" && failed.attempts).toHaveLength(4);
  });

  it("refuses a text beyond every model's context window without sending anything", async () => {
    h = await startHarness({ seed: 1, models }, { models: { "openai/gpt-4o-mini": { contextWindow: 50 } } });
    const err = await h.gateway
      .complete(ask("openai/gpt-4o-mini", "word ".repeat(200), { fallbacks: [] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallFailedError);
    expect((err as CallFailedError).lastError).toBeInstanceOf(ContextWindowExceededError);
    expect(h.sim.stats().totalRequests).toBe(0);
  });
});

describe("cancellation", () => {
  it("stops a stalled call when its AbortSignal fires, and does not retry it", async () => {
    h = await startHarness({ seed: 1, models });
    h.sim.inject({ model: "gpt-4o-mini", fault: "timeout", count: 1 });
    const controller = new AbortController();
    const pending = h.gateway.complete(ask("openai/gpt-4o-mini", "Text.", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(h.sim.stats().totalRequests).toBe(1);
  });
});
