import { describe, expect, it } from "vitest";
import { coincidenceMatrix, krippendorffAlpha } from "../../src/agreement/index.js";
import { KRIPPENDORFF_2011 } from "./published-data.js";

describe("krippendorffAlpha on Krippendorff (2011), 'Computing Krippendorff's Alpha-Reliability', section C", () => {
  it("builds the published coincidence matrix: n = 40 pairable values from 11 units, unit 12 dropped", () => {
    const c = coincidenceMatrix(KRIPPENDORFF_2011);
    expect(c.values).toEqual([1, 2, 3, 4, 5]);
    expect(c.pairableValues).toBe(40);
    expect(c.pairableUnits).toBe(11);
    expect(c.droppedUnits).toBe(1);
    // Published marginals n_c for values 1..5.
    c.marginals.forEach((m, i) => expect(m).toBeCloseTo([9, 13, 10, 5, 3][i]!, 10));
    // Published o_11 = 7, o_12 = 4/3, o_13 = 1/3, o_55 = 3.
    expect(c.counts[0]![0]).toBeCloseTo(7, 10);
    expect(c.counts[0]![1]).toBeCloseTo(4 / 3, 10);
    expect(c.counts[0]![2]).toBeCloseTo(1 / 3, 10);
    expect(c.counts[4]![4]).toBeCloseTo(3, 10);
  });

  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("gives the published %s alpha %s", (level, published) => {
    const result = krippendorffAlpha(KRIPPENDORFF_2011, level);
    expect(result.alpha!.toFixed(3)).toBe(published.toFixed(3));
    expect(result.pairableValues).toBe(40);
    expect(result.droppedUnits).toBe(1);
  });

  it("matches the hand computation of nominal alpha, 1 - (8/40)/(1216/1560) = 0.743421", () => {
    // D_o = 8/40: the off-diagonal o_ck sum to 40 - (7 + 10 + 8 + 4 + 3) = 8.
    // D_e = (n^2 - sum n_c^2)/(n(n - 1)) = (1600 - 384)/1560.
    expect(krippendorffAlpha(KRIPPENDORFF_2011, "nominal").alpha).toBeCloseTo(1 - 8 / 40 / (1216 / 1560), 12);
  });
});

describe("krippendorffAlpha edge cases", () => {
  it("is 1 for perfect agreement with variation", () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        "interval",
      ).alpha,
    ).toBe(1);
  });

  it("is undefined, not 0, when every pairable value is the same (D_e = 0)", () => {
    const result = krippendorffAlpha(
      [
        [4, 4],
        [4, 4],
        [4, null],
      ],
      "nominal",
    );
    expect(result.alpha).toBeUndefined();
    expect(result.expectedDisagreement).toBe(0);
  });

  it("is undefined when no unit has 2 ratings, and reports them dropped", () => {
    const result = krippendorffAlpha(
      [
        [1, null],
        [null, 2],
      ],
      "ordinal",
    );
    expect(result.alpha).toBeUndefined();
    expect(result.pairableValues).toBe(0);
    expect(result.droppedUnits).toBe(2);
  });

  it("treats two zeros as identical on the ratio metric", () => {
    expect(
      krippendorffAlpha(
        [
          [0, 0],
          [2, 2],
          [5, 5],
        ],
        "ratio",
      ).alpha,
    ).toBe(1);
  });
});
