import { DiscernusError } from "@discernus/gateway";
import { describe, expect, it } from "vitest";
import {
  AgreementDataError,
  agreementReport,
  cronbachAlpha,
  intraclassCorrelations,
  krippendorffAlpha,
  pearsonCorrelation,
  type RatingMatrix,
} from "../../src/agreement/index.js";

function thrown(run: () => unknown): AgreementDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AgreementDataError);
    expect(error).toBeInstanceOf(DiscernusError);
    expect((error as AgreementDataError).code).toBe("invalid_data");
    return error as AgreementDataError;
  }
  throw new Error("expected an AgreementDataError");
}

describe("AgreementDataError on bad input", () => {
  it("refuses a matrix with no units and says what to pass", () => {
    const error = thrown(() => krippendorffAlpha([], "nominal"));
    expect(error.problem).toBe("no_units");
    expect(error.message).toMatch(/no units.*one row per scored text/);
  });

  it("refuses fewer than 2 coders and suggests transposing", () => {
    const error = thrown(() => intraclassCorrelations([[1], [2], [3]]));
    expect(error.problem).toBe("too_few_coders");
    expect(error.message).toMatch(/1 coder column.*at least 2.*transpose/);
  });

  it("refuses ragged rows and names the unit", () => {
    const error = thrown(() => cronbachAlpha([[1, 2], [3]]));
    expect(error.problem).toBe("ragged_rows");
    expect(error.unit).toBe(1);
    expect(error.message).toMatch(/Unit 1 has 1 cells.*null where a coder did not rate/);
  });

  it.each([Number.NaN, Infinity, "3" as unknown as number])(
    "refuses the non-finite value %s and names where it is",
    (bad) => {
      const error = thrown(() =>
        krippendorffAlpha(
          [
            [1, 2],
            [3, bad],
          ],
          "interval",
        ),
      );
      expect(error.problem).toBe("non_finite_value");
      expect([error.unit, error.coder]).toEqual([1, 1]);
      expect(error.message).toMatch(/Unit 1, coder 1 .*not a finite number.*Use null/);
    },
  );

  it("refuses negative values for ratio data and points to the interval level", () => {
    const error = thrown(() =>
      krippendorffAlpha(
        [
          [1, 2],
          [-3, 4],
        ],
        "ratio",
      ),
    );
    expect(error.problem).toBe("negative_ratio_value");
    expect(error.message).toMatch(/ratio data .*no negative values.*"interval"/);
  });

  it("accepts the same negative values as interval data", () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2],
          [-3, -4],
        ],
        "interval",
      ).alpha,
    ).toBeDefined();
  });

  it("refuses paired samples of different lengths", () => {
    expect(thrown(() => pearsonCorrelation([1, 2], [1])).problem).toBe("unequal_lengths");
  });

  it("refuses coder names that do not match the columns", () => {
    const matrix: RatingMatrix = [
      [1, 2],
      [2, 3],
    ];
    const error = thrown(() => agreementReport(matrix, { level: "interval", coders: ["a"] }));
    expect(error.problem).toBe("coder_names_mismatch");
    expect(error.message).toMatch(/coders lists 1 name\(s\) but the matrix has 2 columns/);
  });

  it("refuses an unknown level of measurement", () => {
    const error = thrown(() => krippendorffAlpha([[1, 2]], "binary" as "nominal"));
    expect(error.problem).toBe("invalid_option");
    expect(error.message).toMatch(/nominal, ordinal, interval, ratio/);
  });
});
