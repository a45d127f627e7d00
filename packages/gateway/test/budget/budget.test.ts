import { describe, expect, it } from "vitest";
import { Budget } from "../../src/budget/budget.js";
import { formatUsd, nanoUsdToUsd, usdToNanoUsd } from "../../src/budget/usd.js";
import { BudgetExceededError, ConfigInvalidError } from "../../src/errors.js";

const tick = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe("Budget", () => {
  it("never reserves past the cap under 50 interleaved synchronous and async reservations", async () => {
    const cap = usdToNanoUsd(1);
    const budget = new Budget(cap);
    const worst = usdToNanoUsd(0.07);
    let peak = 0;
    const check = () => {
      const s = budget.state();
      peak = Math.max(peak, s.spentNanoUsd + s.reservedNanoUsd);
      expect(s.spentNanoUsd + s.reservedNanoUsd).toBeLessThanOrEqual(cap);
    };
    const call = async (i: number) => {
      if (i % 2 === 1) await tick(i % 5); // half start synchronously, half after a few awaits
      try {
        budget.reserve(`c${i}`, worst);
      } finally {
        check();
      }
      await tick(1 + (i % 3));
      budget.settle(`c${i}`, usdToNanoUsd(0.05));
      check();
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => call(i)));
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    for (const o of outcomes)
      if (o.status === "rejected") expect(o.reason).toBeInstanceOf(BudgetExceededError);
    expect(ok).toBeGreaterThanOrEqual(14); // 14 x $0.07 fit at once
    expect(ok).toBeLessThan(50);
    const state = budget.state();
    expect(state.spentNanoUsd).toBe(ok * usdToNanoUsd(0.05));
    expect(state.spentNanoUsd).toBeLessThanOrEqual(cap);
    expect(state.reservedNanoUsd).toBe(0);
    expect(state.inFlight).toBe(0);
    expect(peak).toBeGreaterThan(cap - worst); // the cap was really tested
  });

  it("refuses a reservation that would pass the cap, changing nothing, with a message that says what to do", () => {
    const budget = new Budget(1_000_000);
    budget.reserve("a", 600_000);
    budget.settle("a", 400_000);
    budget.reserve("b", 300_000);
    const before = budget.state();
    let error: unknown;
    try {
      budget.reserve("c", 500_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetExceededError);
    const e = error as BudgetExceededError;
    expect(e.code).toBe("budget_exceeded");
    expect(e).toMatchObject({
      capNanoUsd: 1_000_000,
      spentNanoUsd: 400_000,
      reservedNanoUsd: 300_000,
      requestedNanoUsd: 500_000,
    });
    expect(e.message).toContain("$0.000500"); // what was asked
    expect(e.message).toContain("$0.001000"); // the cap
    expect(e.message).toMatch(/Raise the budget, lower maxTokens, or run fewer items/);
    expect(budget.state()).toEqual(before);
  });

  it("accepts a reservation that lands exactly on the cap", () => {
    const budget = new Budget(1_000);
    budget.reserve("a", 400);
    budget.reserve("b", 600);
    expect(budget.state().remainingNanoUsd).toBe(0);
    expect(() => budget.reserve("c", 1)).toThrow(BudgetExceededError);
  });

  it("moves a reservation to spent on settle and frees it on release", () => {
    const budget = new Budget(10_000);
    budget.reserve("a", 1_000);
    expect(budget.state()).toMatchObject({ reservedNanoUsd: 1_000, spentNanoUsd: 0, inFlight: 1 });
    budget.settle("a", 400);
    expect(budget.state()).toMatchObject({
      reservedNanoUsd: 0,
      spentNanoUsd: 400,
      remainingNanoUsd: 9_600,
      inFlight: 0,
      overrunNanoUsd: 0,
    });
    budget.reserve("b", 1_000);
    budget.release("b");
    expect(budget.state()).toMatchObject({ reservedNanoUsd: 0, spentNanoUsd: 400, inFlight: 0 });
  });

  it("records a cost beyond its reservation as an overrun, never hiding it", () => {
    const budget = new Budget(10_000);
    budget.reserve("a", 100);
    budget.settle("a", 150);
    expect(budget.state()).toMatchObject({ spentNanoUsd: 150, overrunNanoUsd: 50 });
    budget.settle("never-reserved", 30);
    expect(budget.state()).toMatchObject({ spentNanoUsd: 180, overrunNanoUsd: 80 });
  });

  it("has no cap when given null", () => {
    const budget = new Budget(null);
    budget.reserve("a", Number.MAX_SAFE_INTEGER);
    expect(budget.state()).toMatchObject({ capNanoUsd: null, remainingNanoUsd: null });
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, -usdToNanoUsd(5)])(
    "rejects a cap of %d with a ConfigInvalidError naming budget.capUsd",
    (cap) => {
      let error: unknown;
      try {
        new Budget(cap);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigInvalidError);
      expect((error as ConfigInvalidError).field).toBe("budget.capUsd");
      expect((error as ConfigInvalidError).message).toMatch(/^budget\.capUsd: /);
      expect((error as ConfigInvalidError).message).toContain('"capUsd": 5');
    },
  );

  it("accepts a cap of 0 (nothing may be spent)", () => {
    const budget = new Budget(0);
    expect(() => budget.reserve("a", 1)).toThrow(BudgetExceededError);
  });
});

describe("usd helpers", () => {
  it("formats six decimals below a dollar and two above", () => {
    expect(formatUsd(0)).toBe("$0.000000");
    expect(formatUsd(1_234)).toBe("$0.000001");
    expect(formatUsd(1_234_000)).toBe("$0.001234");
    expect(formatUsd(1_000_000_000)).toBe("$1.00");
    expect(formatUsd(12_345_678_901)).toBe("$12.35");
  });

  it("converts dollars to integer nano-dollars and back", () => {
    expect(usdToNanoUsd(0.1 + 0.2)).toBe(300_000_000);
    expect(usdToNanoUsd(0.000_000_001)).toBe(1);
    expect(Number.isInteger(usdToNanoUsd(1 / 3))).toBe(true);
    expect(nanoUsdToUsd(1_500_000_000)).toBe(1.5);
  });
});
