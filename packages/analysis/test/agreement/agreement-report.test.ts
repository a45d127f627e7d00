import { describe, expect, it } from "vitest";
import { agreementReport, krippendorffAlpha } from "../../src/agreement/index.js";
import { KRIPPENDORFF_2011, SHROUT_FLEISS_1979 } from "./published-data.js";
import { simulatedRatings } from "./simulated-ratings.js";

describe("agreementReport", () => {
  it("puts the published Shrout & Fleiss (1979) figures in one object and one table", () => {
    const report = agreementReport(SHROUT_FLEISS_1979, {
      level: "interval",
      coders: ["j1", "j2", "j3", "j4"],
    });
    expect(report.icc!.forms.map((f) => [f.label, f.value!.toFixed(2), f.intervalMethod])).toEqual([
      ["ICC(1,1)", "0.17", "F"],
      ["ICC(2,1)", "0.29", "F"],
      ["ICC(3,1)", "0.71", "F"],
      ["ICC(1,4)", "0.44", "F"],
      ["ICC(2,4)", "0.62", "F"],
      ["ICC(3,4)", "0.91", "F"],
    ]);
    expect(report.cronbach!.alpha!.toFixed(2)).toBe("0.91");
    expect(report.cronbach!.lower).toBe(report.icc!.forms[5]!.lower);
    expect(report.pairs).toHaveLength(6);
    expect(report.bootstrap).toBeUndefined();
    // 1 alpha + 6 ICC + Cronbach + 6 pairs x 4 statistics.
    expect(report.rows).toHaveLength(32);
    expect(report.rows[0]).toMatchObject({
      statistic: "Krippendorff's alpha (interval)",
      coders: "all",
      units: 6,
    });
    expect(report.rows.some((r) => r.coders === "j1 vs j4" && r.statistic === "Spearman rho")).toBe(true);
  });

  it("reports the published Krippendorff (2011) alpha with a seeded bootstrap interval and the dropped unit", () => {
    const options = { level: "ordinal", coders: ["A", "B", "C", "D"], bootstrap: 300, seed: 4 } as const;
    const report = agreementReport(KRIPPENDORFF_2011, options);
    expect(report.krippendorff.alpha!.toFixed(3)).toBe("0.815");
    expect(report.krippendorff.interval!.resamples).toBe(300);
    expect(agreementReport(KRIPPENDORFF_2011, options)).toEqual(report);
    expect(report.icc!.completeUnits).toBe(8);
    expect(report.icc!.droppedUnits).toBe(4);
    expect(report.notes.join("\n")).toMatch(
      /1 unit\(s\) with fewer than 2 ratings.*\n.*4 unit\(s\) with a missing rating/,
    );
    expect(report.pairs[0]!.intervals!.spearman).toBeDefined();
    expect(report.bootstrap).toEqual({
      resamples: 300,
      seed: 4,
      method: "percentile; units resampled with replacement",
    });
  });

  it("leaves out statistics that need quantities for nominal data, and says so", () => {
    const report = agreementReport(KRIPPENDORFF_2011, { level: "nominal", coders: ["A", "B", "C", "D"] });
    expect(report.krippendorff.alpha).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_2011, "nominal").alpha!, 12);
    expect(report.icc).toBeUndefined();
    expect(report.cronbach).toBeUndefined();
    expect(report.pairs[0]!.pearson).toBeUndefined();
    expect(report.pairs[0]!.exactAgreement).toBeDefined();
    expect(report.notes.join(" ")).toMatch(/Nominal data: ICC.*not computed/);
  });

  it("bootstraps an ICC whose F interval does not exist", () => {
    // Coder 2 = coder 1 + 1 on most units, so EMS is near zero on many resamples but not all.
    const matrix = [
      [1, 2],
      [3, 4],
      [6, 7],
      [2, 3],
    ];
    const report = agreementReport(matrix, { level: "interval", coders: ["a", "b"], bootstrap: true });
    const icc31 = report.icc!.forms.find((f) => f.form === "ICC(3,1)")!;
    expect(icc31.value).toBe(1);
    expect(icc31.intervalMethod).toBe("bootstrap");
    expect(report.bootstrap!.resamples).toBe(1000);
    expect(report.bootstrap!.seed).toBe(1);
  });

  it("gives every statistic an interval containing its estimate on well-behaved data", () => {
    const report = agreementReport(simulatedRatings(80, 3, 21), {
      level: "interval",
      coders: ["m1", "m2", "m3"],
      bootstrap: 400,
      seed: 2,
    });
    for (const row of report.rows) {
      expect(row.lower, row.statistic).toBeLessThanOrEqual(row.value!);
      expect(row.upper, row.statistic).toBeGreaterThanOrEqual(row.value!);
    }
  });
});
