import { DiscernusError } from "@discernus/gateway";

/**
 * A collector refused the ledger's spans, or could not be reached. The message names the URL
 * (without user info or query, which can hold credentials) and never a header's value: those carry
 * API keys.
 */
export class OtlpExportError extends DiscernusError {
  readonly url: string;
  /** The collector's HTTP status, when it answered. */
  readonly status: number | undefined;
  constructor(url: string, reason: string, options: { status?: number; cause?: unknown } = {}) {
    super(
      "export_failed",
      `Exporting the ledger's spans to ${url} failed: ${reason}. Check that an OTLP/HTTP collector listens at this URL ` +
        `(for traces it usually ends in /v1/traces) and that the credentials in the headers are valid; the ledger is unchanged, so the export can be run again.`,
      { cause: options.cause },
    );
    this.url = url;
    this.status = options.status;
  }
}
