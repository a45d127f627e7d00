import { AgreementDataError } from "./agreement-data-error.js";

/** Checks that two samples are finite numbers of equal length, as the paired statistics need. */
export function validatePairedValues(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new AgreementDataError(
      "unequal_lengths",
      `Paired samples differ in length (${x.length} and ${y.length}). Pass one value per unit for each coder, ` +
        "over the units both rated.",
    );
  }
  for (const [name, xs] of [
    ["first", x],
    ["second", y],
  ] as const) {
    const at = xs.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (at >= 0) {
      throw new AgreementDataError(
        "non_finite_value",
        `The ${name} sample holds ${String(xs[at])} at index ${at}, which is not a finite number. ` +
          "Drop units a coder did not rate before pairing.",
        { unit: at },
      );
    }
  }
}
