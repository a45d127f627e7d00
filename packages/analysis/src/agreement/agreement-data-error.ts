import { DiscernusError } from "@discernus/gateway";

/** What is wrong with a rating matrix; code reads this, never the message text. */
export type AgreementDataProblem =
  | "no_units"
  | "too_few_coders"
  | "ragged_rows"
  | "non_finite_value"
  | "negative_ratio_value"
  | "unequal_lengths"
  | "coder_names_mismatch"
  | "invalid_option";

/** Bad input to an agreement statistic. The message names the problem and the fix. */
export class AgreementDataError extends DiscernusError {
  readonly problem: AgreementDataProblem;
  /** Row (unit) index of the offending value, when one value is to blame. */
  readonly unit: number | undefined;
  /** Column (coder) index of the offending value, when one value is to blame. */
  readonly coder: number | undefined;
  constructor(problem: AgreementDataProblem, message: string, where: { unit?: number; coder?: number } = {}) {
    super("invalid_data", message);
    this.problem = problem;
    this.unit = where.unit;
    this.coder = where.coder;
  }
}
