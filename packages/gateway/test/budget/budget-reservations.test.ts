import { mulberry32 } from "@discernus/provider-sim";
import { describe, expect, it } from "vitest";
import { Budget } from "../../src/budget/budget.js";
import { usdToNanoUsd } from "../../src/budget/usd.js";
import { BudgetExceededError } from "../../src/errors.js";
import { FakeClock } from "../../src/schedule/fake-clock.js";

describe("Budget reservations", () => {
  it("never reserves past the cap under 50 concurrent reservations of varying size and latency", async () => {
    const clock = new FakeClock(0);
    const random = mulberry32(3);
    const cap = usdToNanoUsd(0.5);
    const budget = new Budget(cap);
    let refused = 0;
    const call = async (i: number) => {
      await clock.sleep(Math.floor(random() * 50));
      const worst = usdToNanoUsd(0.01 + random() * 0.05);
      try {
        budget.reserve(`call-${i}`, worst);
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetExceededError);
        refused++;
        return;
      }
      const s = budget.state();
      expect(s.spentNanoUsd + s.reservedNanoUsd).toBeLessThanOrEqual(cap);
      await clock.sleep(100 + Math.floor(random() * 900));
      if (random() < 0.2)
        budget.release(`call-${i}`); // failed before it was billed
      else budget.settle(`call-${i}`, Math.floor(worst * random()));
    };
    const all = Promise.all(Array.from({ length: 50 }, (_, i) => call(i)));
    await clock.runAll();
    await all;
    const s = budget.state();
    expect(refused).toBeGreaterThan(0); // the cap was really in the way
    expect(s.spentNanoUsd).toBeLessThanOrEqual(cap);
    expect(s).toMatchObject({ reservedNanoUsd: 0, inFlight: 0, overrunNanoUsd: 0 });
  });

  it("checks a second reservation for the same call as a replacement of the first", () => {
    const budget = new Budget(1_000);
    budget.reserve("a", 600);
    budget.reserve("b", 300);
    budget.reserve("a", 700); // a fallback to a dearer model: 700 + 300 fits
    expect(budget.state()).toMatchObject({ reservedNanoUsd: 1_000, inFlight: 2 });
    expect(() => budget.reserve("a", 701)).toThrow(BudgetExceededError);
    expect(budget.state()).toMatchObject({ reservedNanoUsd: 1_000, inFlight: 2 }); // unchanged
  });

  it("refuses amounts that are not money, changing nothing", () => {
    const budget = new Budget(1_000);
    expect(() => budget.reserve("a", Number.NaN)).toThrow(RangeError);
    expect(() => budget.reserve("a", -1)).toThrow(RangeError);
    expect(() => budget.settle("a", Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(budget.state()).toMatchObject({ spentNanoUsd: 0, reservedNanoUsd: 0, inFlight: 0 });
  });

  it("keeps spend exact over 100,000 calls of a fraction of a cent", () => {
    const budget = new Budget(null);
    const perCall = usdToNanoUsd(0.000_123_4);
    for (let i = 0; i < 100_000; i++) {
      budget.reserve(`c${i}`, perCall);
      budget.settle(`c${i}`, perCall);
    }
    expect(budget.state().spentNanoUsd).toBe(12_340_000_000); // $12.34, to the nano-dollar
  });

  it("shows an overrun past the cap as overrun, with nothing remaining", () => {
    const budget = new Budget(1_000);
    budget.reserve("a", 900);
    budget.settle("a", 1_200);
    expect(budget.state()).toMatchObject({ spentNanoUsd: 1_200, remainingNanoUsd: 0, overrunNanoUsd: 300 });
    expect(() => budget.reserve("b", 0)).toThrow(BudgetExceededError);
  });
});
