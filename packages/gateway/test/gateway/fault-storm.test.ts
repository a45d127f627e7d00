import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallFailedError, type GatewayResponse } from "@discernus/gateway";
import { ask, startHarness, type Harness } from "./sim-fixture.js";

let h: Harness;
beforeAll(async () => {
  const faults = { "429": 0.2, "500": 0.02, "503": 0.03, timeout: 0.02, malformed: 0.01 };
  h = await startHarness(
    {
      seed: 42,
      stallMs: 60_000,
      faultRetryAfterMs: 200,
      models: [
        { id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, faults },
        { id: "claude-3-5-haiku-latest", provider: "anthropic", contextWindow: 200_000, faults },
      ],
    },
    {
      concurrency: 24,
      retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 50 },
      providers: { openai: { timeoutMs: 300 }, anthropic: { timeoutMs: 300 } },
    },
  );
});
afterAll(() => h.close());

describe("fault storm (20% 429, 5% 5xx, 2% timeouts, 1% malformed)", () => {
  it("ends every item done, fallen back or failed with its reason, and reports every attempt", async () => {
    const n = 200;
    const outcomes = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        h.gateway.complete(
          ask(
            i % 2 ? "openai/gpt-4o-mini" : "anthropic/claude-3-5-haiku-latest",
            `Item ${i}: we stand together.`,
            {
              fallbacks: [i % 2 ? "anthropic/claude-3-5-haiku-latest" : "openai/gpt-4o-mini"],
              stream: i % 3 === 0,
            },
          ),
        ),
      ),
    );
    let attemptsReported = 0;
    let done = 0;
    let fellBack = 0;
    let failed = 0;
    for (const o of outcomes) {
      if (o.status === "fulfilled") {
        const r: GatewayResponse = o.value;
        attemptsReported += r.attempts.length;
        if (r.route.length > 1) fellBack++;
        else done++;
      } else {
        expect(o.reason).toBeInstanceOf(CallFailedError);
        const err = o.reason as CallFailedError;
        expect(err.attempts.length).toBeGreaterThan(0);
        for (const a of err.attempts) expect(a.message).toBeTruthy();
        attemptsReported += err.attempts.length;
        failed++;
      }
    }
    expect(done + fellBack + failed).toBe(n);
    expect(done).toBeGreaterThan(n * 0.8);
    // Every request that reached the simulator is an attempt somebody can see.
    expect(attemptsReported).toBe(h.sim.stats().totalRequests);
    const doneEvents = h.events.filter((e) => e.type === "done").length;
    const failedEvents = h.events.filter((e) => e.type === "failed").length;
    expect(doneEvents + failedEvents).toBe(n);
  }, 60_000);
});
