import { DiscernusError } from "@discernus/gateway";

/**
 * A model's answer that does not fit the framework (a dimension missing, a score off the scale,
 * evidence not text). `problems` lists every one, each starting with its path (`scores.anti_elitism.score`).
 * Its code is the gateway's `malformed_response`: the answer came back, but not in the shape asked for.
 */
export class AnswerInvalidError extends DiscernusError {
  readonly problems: readonly string[];
  /** The answer as received (parsed JSON or raw text), for the ledger and the retry. */
  readonly answer: unknown;
  constructor(frameworkName: string, problems: readonly string[], answer: unknown) {
    super(
      "malformed_response",
      [
        `The answer does not fit the framework "${frameworkName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        ...problems.map((p) => `  - ${p}`),
      ].join("\n"),
    );
    this.problems = problems;
    this.answer = answer;
  }
}
