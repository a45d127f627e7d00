import { describe, expect, it } from "vitest";
import { Budget } from "../../src/budget/budget.js";
import { formatUsd, usdToNanoUsd } from "../../src/budget/usd.js";
import { BudgetExceededError, ConfigInvalidError } from "../../src/errors.js";

describe("Budget", () => {
  it("never reserves past the cap under 50 concurrent reservations", async () => {
    const budget = new Budget(usdToNanoUsd(1));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 3));
        budget.reserve(`c${i}`, usdToNanoUsd(0.07));
        await new Promise((r) => setTimeout(r, 1));
        budget.settle(`c${i}`, usdToNanoUsd(0.05));
      }),
    );
    const state = budget.state();
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThanOrEqual(14);
    expect(state.spentNanoUsd).toBeLessThanOrEqual(usdToNanoUsd(1));
    expect(state.reservedNanoUsd).toBe(0);
    for (const o of outcomes)
      if (o.status === "rejected") expect(o.reason).toBeInstanceOf(BudgetExceededError);
  });

  it("leaves its state untouched when it refuses, and says what to do", () => {
    const budget = new Budget(1_000);
    budget.reserve("a", 600);
    const before = budget.state();
    expect(() => budget.reserve("b", 500)).toThrow(/Raise the budget, lower maxTokens, or run fewer items/);
    expect(budget.state()).toEqual(before);
  });

  it("moves a reservation to spent on settle, drops it on release, and shows any overrun", () => {
    const budget = new Budget(10_000);
    budget.reserve("a", 1_000);
    budget.settle("a", 400);
    budget.reserve("b", 1_000);
    budget.release("b");
    budget.reserve("c", 100);
    budget.settle("c", 150);
    expect(budget.state()).toMatchObject({
      spentNanoUsd: 550,
      reservedNanoUsd: 0,
      remainingNanoUsd: 9_450,
      overrunNanoUsd: 50,
    });
  });

  it("refuses a negative or NaN cap, naming budget.capUsd", () => {
    expect(() => new Budget(-1)).toThrow(ConfigInvalidError);
    expect(() => new Budget(Number.NaN)).toThrow(/budget\.capUsd/);
  });

  it("formats nano-dollars for people", () => {
    expect(formatUsd(1_234_567)).toBe("$0.001235");
    expect(formatUsd(12_345_000_000)).toBe("$12.35");
  });
});
