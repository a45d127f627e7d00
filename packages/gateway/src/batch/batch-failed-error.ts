import { DiscernusError } from "../errors.js";

/** One reason a provider gave for failing a whole batch (OpenAI: a bad line of the input file). */
export interface BatchFailure {
  code: string;
  message: string;
  /** 1-based line of the input file, when the provider names one. */
  line?: number;
}

/**
 * The provider failed the whole batch (OpenAI fails a batch whose input file does not validate):
 * no item ran and nothing was billed. `failures` lists the provider's reasons, secrets removed.
 */
export class BatchFailedError extends DiscernusError {
  readonly batchId: string;
  readonly provider: string;
  readonly failures: readonly BatchFailure[];
  constructor(batchId: string, provider: string, failures: readonly BatchFailure[]) {
    const shown = failures
      .slice(0, 5)
      .map((f) => `${f.line !== undefined ? `line ${f.line}: ` : ""}${f.code}: ${f.message}`)
      .join("; ");
    super(
      "batch_failed",
      `Batch ${batchId} (${provider}) failed before running any item` +
        (shown ? ` (${shown}${failures.length > 5 ? `; ${failures.length - 5} more` : ""}).` : ".") +
        ` Nothing was billed. Fix the requests named and submit them again in a new batch.`,
    );
    this.batchId = batchId;
    this.provider = provider;
    this.failures = failures;
  }
}
