import { describe, expect, it } from "vitest";
import {
  bootstrapInterval,
  bootstrapIntervals,
  krippendorffAlpha,
  seededRandom,
  type RatingMatrix,
} from "../../src/agreement/index.js";
import { KRIPPENDORFF_2011 } from "./published-data.js";
import { simulatedRatings } from "./simulated-ratings.js";

const intervalAlpha = (m: RatingMatrix) => krippendorffAlpha(m, "interval").alpha;

describe("seededRandom", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

describe("bootstrapInterval (percentile, units resampled with replacement)", () => {
  it("is deterministic for a seed and uses 1,000 resamples by default", () => {
    const first = bootstrapInterval(KRIPPENDORFF_2011, intervalAlpha, { random: seededRandom(7) });
    const again = bootstrapInterval(KRIPPENDORFF_2011, intervalAlpha, { random: seededRandom(7) });
    const other = bootstrapInterval(KRIPPENDORFF_2011, intervalAlpha, { random: seededRandom(8) });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first!.resamples).toBe(1000);
    expect(first!.confidence).toBe(0.95);
  });

  it("contains the point estimate", () => {
    const matrix = simulatedRatings(60, 3, 1);
    const estimate = intervalAlpha(matrix)!;
    const interval = bootstrapInterval(matrix, intervalAlpha, { random: seededRandom(3) })!;
    expect(interval.lower).toBeLessThan(estimate);
    expect(interval.upper).toBeGreaterThan(estimate);
  });

  it("narrows with more units", () => {
    const width = (units: number) => {
      const i = bootstrapInterval(simulatedRatings(units, 3, 11), intervalAlpha, {
        random: seededRandom(5),
        resamples: 500,
      })!;
      return i.upper - i.lower;
    };
    const small = width(20);
    const large = width(320);
    // Width shrinks roughly with 1/sqrt(units): 16 times the units, about a quarter of the width.
    expect(large).toBeLessThan(small / 2);
  });

  it("leaves out resamples where the statistic is undefined and counts the rest", () => {
    // Resamples holding only the constant units have no variance, so alpha is undefined there.
    const matrix = [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 3],
    ];
    const interval = bootstrapInterval(matrix, intervalAlpha, { random: seededRandom(2), resamples: 200 })!;
    expect(interval.validResamples).toBeLessThan(200);
    expect(interval.validResamples).toBeGreaterThan(100);
  });

  it("shares one set of resamples between statistics", () => {
    const intervals = bootstrapIntervals(
      KRIPPENDORFF_2011,
      (resample) => ({ a: intervalAlpha(resample), b: intervalAlpha(resample) }),
      { random: seededRandom(9), resamples: 100 },
    );
    expect(intervals.a).toEqual(intervals.b);
  });

  it("refuses a resample count that is not a positive integer", () => {
    expect(() =>
      bootstrapInterval(KRIPPENDORFF_2011, intervalAlpha, { random: seededRandom(1), resamples: 0 }),
    ).toThrow(/resamples must be a positive integer/);
  });
});
