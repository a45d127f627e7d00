import { DiscernusError } from "@discernus/gateway";

/** The texts given to analyze() cannot be analysed as they are. */
export class CorpusInvalidError extends DiscernusError {
  constructor(problem: string) {
    super("invalid_request", `analyze(texts): ${problem}`);
  }
}

/** The study's worst case does not fit in what is left of the budget: refused before any call. */
export class BudgetTooSmallError extends DiscernusError {
  readonly worstCaseNanoUsd: number;
  readonly remainingNanoUsd: number;
  constructor(worstCaseNanoUsd: number, remainingNanoUsd: number, uncached: number) {
    const usd = (n: number) => `$${(n / 1e9).toFixed(4)}`;
    super(
      "budget_exceeded",
      `This study could cost up to ${usd(worstCaseNanoUsd)} (${uncached} calls the ledger cannot answer, each at its worst case), ` +
        `but ${usd(remainingNanoUsd)} of the budget is left. Nothing was sent. Raise the budget (session({ budgetUsd })), ` +
        `analyze fewer texts or models, or check the expected cost with dx.estimate(...) first.`,
    );
    this.worstCaseNanoUsd = worstCaseNanoUsd;
    this.remainingNanoUsd = remainingNanoUsd;
  }
}
