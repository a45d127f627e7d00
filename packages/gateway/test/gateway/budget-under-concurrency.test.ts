import { afterEach, describe, expect, it } from "vitest";
import { BudgetExceededError, type GatewayResponse } from "@discernus/gateway";
import { ask, startHarness, type Harness } from "./sim-fixture.js";

let h: Harness | undefined;
afterEach(() => h?.close());

describe("budget", () => {
  it("never passes the cap with 50 calls in flight, refuses the rest clearly and keeps what was done", async () => {
    const sim = {
      seed: 3,
      models: [
        {
          id: "gpt-4.1",
          provider: "openai" as const,
          contextWindow: 1_000_000,
          latency: { ttftMs: 20, tokensPerSecond: 2000 },
        },
      ],
    };
    // The worst case of one call, from a gateway without a budget (estimate() sends nothing).
    h = await startHarness(sim, { concurrency: 50 });
    const one = h.gateway.estimate(
      ask("openai/gpt-4.1", "Speech number 0 about the economy.", { maxTokens: 400 }),
    );
    await h.close();
    // Room for about 20 worst cases: the other 30 of the 50 must be refused, not squeezed in.
    const capUsd = (one.worstCaseNanoUsd * 20.5) / 1e9;
    h = await startHarness(sim, { concurrency: 50, budget: { capUsd } });
    let peakCommitted = 0;
    h.gateway.on((e) => {
      if (e.type === "budget" && e.capNanoUsd !== null) {
        peakCommitted = Math.max(peakCommitted, e.spentNanoUsd + e.reservedNanoUsd);
      }
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        h!.gateway.complete(
          ask("openai/gpt-4.1", `Speech number ${i} about the economy.`, { maxTokens: 400 }),
        ),
      ),
    );
    const done = results.filter(
      (r): r is PromiseFulfilledResult<GatewayResponse> => r.status === "fulfilled",
    );
    const refused = results.filter((r) => r.status === "rejected");
    const cap = h.gateway.budget.state().capNanoUsd ?? 0;
    const spent = done.reduce((sum, r) => sum + r.value.cost.totalNanoUsd, 0);
    expect(done.length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BudgetExceededError);
    expect(spent).toBe(h.gateway.budget.state().spentNanoUsd);
    expect(spent).toBeLessThanOrEqual(cap);
    expect(peakCommitted).toBeLessThanOrEqual(cap);
    // Refused calls were never sent.
    expect(h.sim.stats().totalRequests).toBe(done.length);
    expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(/Raise the budget/);
  });
});
