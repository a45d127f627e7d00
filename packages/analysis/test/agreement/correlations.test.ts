import { describe, expect, it } from "vitest";
import {
  averageRanks,
  exactAgreement,
  meanAbsoluteDifference,
  pairwiseStatistics,
  pearsonCorrelation,
  spearmanCorrelation,
} from "../../src/agreement/index.js";

// Anscombe (1973), "Graphs in statistical analysis", The American Statistician 27(1): data set I, r = 0.816.
const ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE_Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];

describe("pearsonCorrelation", () => {
  it("gives the published r = 0.816 for Anscombe's quartet, data set I", () => {
    expect(pearsonCorrelation(ANSCOMBE_X, ANSCOMBE_Y1)!.toFixed(3)).toBe("0.816");
  });

  it("is undefined, not 0, when one sample has no variance or there is 1 pair", () => {
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5])).toBeUndefined();
    expect(pearsonCorrelation([1], [2])).toBeUndefined();
  });

  it("is exactly 1 and -1 for perfect linear relations", () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(pearsonCorrelation([1, 2, 3], [6, 4, 2])).toBe(-1);
  });
});

describe("averageRanks", () => {
  it("gives tied values the mean of the ranks they span", () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3])).toEqual([3, 1, 3, 3]);
  });
});

describe("spearmanCorrelation", () => {
  it("handles ties with average ranks: hand-computed rho = sqrt(0.9) = 0.948683", () => {
    // Ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; deviations from 2.5 give
    // sum dx dy = 4.5, sum dx^2 = 4.5, sum dy^2 = 5, so rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it("differs from the no-ties shortcut 1 - 6 sum d^2/(n(n^2 - 1)) when there are ties", () => {
    // Shortcut: d = [0, -0.5, 0.5, 0], sum d^2 = 0.5, 1 - 3/60 = 0.95, not sqrt(0.9).
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).not.toBeCloseTo(0.95, 3);
  });

  it("is 1 for any monotone relation", () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [1, 10, 100, 1000])).toBe(1);
  });
});

describe("meanAbsoluteDifference and exactAgreement", () => {
  it("average |x - y| and the share of equal pairs", () => {
    expect(meanAbsoluteDifference([1, 2, 3, 4], [1, 4, 2, 4])).toBe(0.75);
    expect(exactAgreement([1, 2, 3, 4], [1, 4, 2, 4])).toBe(0.5);
  });

  it("are undefined with no pairs", () => {
    expect(meanAbsoluteDifference([], [])).toBeUndefined();
    expect(exactAgreement([], [])).toBeUndefined();
  });
});

describe("pairwiseStatistics", () => {
  it("uses, for each pair, exactly the units both coders rated", () => {
    const matrix = [
      [1, 1, null],
      [2, 3, 2],
      [3, 2, 3],
      [null, 4, 4],
      [5, 5, 4],
    ];
    const pairs = pairwiseStatistics(matrix);
    expect(pairs.map((p) => [p.coderA, p.coderB, p.units])).toEqual([
      [0, 1, 4],
      [0, 2, 3],
      [1, 2, 4],
    ]);
    const first = pairs[0]!;
    expect(first.pearson).toBeCloseTo(pearsonCorrelation([1, 2, 3, 5], [1, 3, 2, 5])!, 12);
    expect(first.meanAbsoluteDifference).toBe(0.5);
  });
});
