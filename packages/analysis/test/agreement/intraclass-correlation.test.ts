import { describe, expect, it } from "vitest";
import { anovaMeanSquares, intraclassCorrelations } from "../../src/agreement/index.js";
import { SHROUT_FLEISS_1979 } from "./published-data.js";

describe("intraclassCorrelations on Shrout & Fleiss (1979), Table 2", () => {
  const icc = intraclassCorrelations(SHROUT_FLEISS_1979);

  it("reproduces the published mean squares BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02", () => {
    const ms = anovaMeanSquares(SHROUT_FLEISS_1979 as number[][])!;
    expect(ms.betweenTargets.toFixed(2)).toBe("11.24");
    expect(ms.withinTargets.toFixed(2)).toBe("6.26");
    expect(ms.betweenJudges.toFixed(2)).toBe("32.49");
    expect(ms.residual.toFixed(2)).toBe("1.02");
  });

  it.each([
    ["ICC(1,1)", "ICC(1,1)", "ICC(1)", 0.17],
    ["ICC(2,1)", "ICC(2,1)", "ICC(A,1)", 0.29],
    ["ICC(3,1)", "ICC(3,1)", "ICC(C,1)", 0.71],
    ["ICC(1,k)", "ICC(1,4)", "ICC(k)", 0.44],
    ["ICC(2,k)", "ICC(2,4)", "ICC(A,k)", 0.62],
    ["ICC(3,k)", "ICC(3,4)", "ICC(C,k)", 0.91],
  ] as const)("gives the published %s (%s, McGraw & Wong %s) = %s", (form, label, mcGrawWong, published) => {
    const result = icc.forms[form];
    expect(result.value!.toFixed(2)).toBe(published.toFixed(2));
    expect(result.label).toBe(label);
    expect(result.mcGrawWong).toBe(mcGrawWong);
  });

  // Bounds from the Shrout & Fleiss / McGraw & Wong (1996, Table 7) formulas, evaluated
  // independently with SciPy's F quantiles (scipy.stats.f.ppf); a check of our F quantiles too.
  it.each([
    ["ICC(1,1)", -0.132932, 0.72256],
    ["ICC(2,1)", 0.0187865, 0.761084],
    ["ICC(3,1)", 0.342465, 0.945858],
    ["ICC(1,k)", -0.884442, 0.912415],
    ["ICC(2,k)", 0.0711368, 0.927232],
    ["ICC(3,k)", 0.675675, 0.985892],
  ] as const)("gives the F-based 95%% interval of %s", (form, lower, upper) => {
    expect(icc.forms[form].lower).toBeCloseTo(lower, 5);
    expect(icc.forms[form].upper).toBeCloseTo(upper, 5);
  });

  it("tests ICC = 0 with F = BMS/EMS on (5, 15) df for the two-way forms", () => {
    const test = icc.forms["ICC(3,1)"].fTest!;
    expect(test.f).toBeCloseTo(11.027, 3);
    expect([test.df1, test.df2]).toEqual([5, 15]);
    expect(test.p).toBeCloseTo(0.000134567, 8);
    expect(icc.forms["ICC(1,1)"].fTest!.p).toBeCloseTo(0.164769, 5);
  });

  it("uses complete cases only and reports the dropped units", () => {
    const withGap = [...SHROUT_FLEISS_1979, [3, null, 4, 5]];
    const result = intraclassCorrelations(withGap);
    expect(result.completeUnits).toBe(6);
    expect(result.droppedUnits).toBe(1);
    expect(result.forms["ICC(2,1)"].value).toBeCloseTo(icc.forms["ICC(2,1)"].value!, 12);
  });

  it("returns undefined values, not 0, when every rating is the same", () => {
    const flat = intraclassCorrelations([
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
    for (const form of Object.values(flat.forms)) expect(form.value).toBeUndefined();
  });

  it("returns undefined everywhere with fewer than 2 complete units", () => {
    const result = intraclassCorrelations([
      [1, 2],
      [3, null],
    ]);
    expect(result.meanSquares).toBeUndefined();
    expect(result.forms["ICC(3,1)"].value).toBeUndefined();
  });

  it("has no F interval when the residual is zero (judges differ by a constant)", () => {
    const result = intraclassCorrelations([
      [1, 2],
      [3, 4],
      [6, 7],
    ]);
    expect(result.forms["ICC(3,1)"].value).toBe(1);
    expect(result.forms["ICC(3,1)"].lower).toBeUndefined();
    expect(result.forms["ICC(3,k)"].upper).toBeUndefined();
  });
});
