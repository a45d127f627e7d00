import { DiscernusError } from "@discernus/gateway";

/** The drift check cannot start as asked: the message says what to change. Nothing was sent. */
export class DriftInvalidError extends DiscernusError {
  constructor(problem: string) {
    super("invalid_request", `drift: ${problem}`);
  }
}

/** The framework given is not the one the run recorded (by hash): scores would be misread. */
export class DriftFrameworkMismatchError extends DiscernusError {
  constructor(run: string, recorded: string | undefined, given: string) {
    super(
      "framework_invalid",
      recorded === undefined
        ? `drift: run ${run} recorded no framework hash, so its answers cannot be tied to a framework.`
        : `drift: the framework given (sha256 ${given.slice(0, 12)}...) is not the one run ${run} used (sha256 ${recorded.slice(0, 12)}...). Pass the framework file that run used, unchanged.`,
    );
  }
}

/** The run's calls were recorded in hash mode: their texts are not in the ledger to ask again. */
export class DriftHashLedgerError extends DiscernusError {
  constructor(ledgerPath: string) {
    super(
      "invalid_request",
      `drift: ${ledgerPath} keeps only sha256 of texts and answers (store "hash"), so its calls cannot be asked again. Check drift on a study recorded with store "full" (session({ store: "full" }) or "store": "full" in discernus.config.json).`,
    );
  }
}

/** The sample's worst case is above the cap the caller set (maxUsd). */
export class DriftTooCostlyError extends DiscernusError {
  readonly worstCaseNanoUsd: number;
  constructor(worstCaseNanoUsd: number, maxUsd: number) {
    super(
      "budget_exceeded",
      `drift: the sample could cost up to $${(worstCaseNanoUsd / 1e9).toFixed(6)}, above maxUsd $${maxUsd}. Nothing was sent. Ask fewer texts (sample) or models, or raise maxUsd.`,
    );
    this.worstCaseNanoUsd = worstCaseNanoUsd;
  }
}
