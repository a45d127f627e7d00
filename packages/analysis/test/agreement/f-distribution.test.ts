import { describe, expect, it } from "vitest";
import { fCdf, fQuantile, fUpperTail } from "../../src/agreement/index.js";

describe("F distribution", () => {
  it("matches the closed form for df1 = 2: P(F <= x) = 1 - (1 + 2x/df2)^(-df2/2)", () => {
    for (const [x, df2] of [
      [0.5, 3],
      [2, 10],
      [7.5, 4.6],
    ] as const) {
      expect(fCdf(x, 2, df2)).toBeCloseTo(1 - (1 + (2 * x) / df2) ** (-df2 / 2), 12);
      expect(fUpperTail(x, 2, df2)).toBeCloseTo((1 + (2 * x) / df2) ** (-df2 / 2), 12);
    }
  });

  it("gives the tabled quantiles F(.95; 1, 1) = 161.45 and F(.975; 5, 15) = 3.576", () => {
    expect(fQuantile(0.95, 1, 1)).toBeCloseTo(161.4476, 3);
    expect(fQuantile(0.975, 5, 15)).toBeCloseTo(3.57642, 4);
    expect(fQuantile(0.975, 15, 5)).toBeCloseTo(6.42773, 4);
  });

  it("inverts its own CDF for non-integer df (Satterthwaite)", () => {
    const x = fQuantile(0.975, 5, 2.3);
    expect(fCdf(x, 5, 2.3)).toBeCloseTo(0.975, 10);
  });
});
