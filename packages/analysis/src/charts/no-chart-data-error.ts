import { DiscernusError } from "@discernus/gateway";

/** A chart was asked for with nothing to draw: no rows, no usable scores, or no paired scores. */
export class NoChartDataError extends DiscernusError {
  /** The builder that refused, e.g. `modelDimensionHeatmap`. */
  readonly chart: string;
  constructor(chart: string, message: string) {
    super("no_data", `${chart}: ${message}`);
    this.chart = chart;
  }
}

/** Refuses an empty row set before any work, with a message that says what to pass. */
export function requireRows(chart: string, rows: readonly unknown[]): void {
  if (rows.length === 0) {
    throw new NoChartDataError(
      chart,
      "no rows to chart. Pass the analysis result rows (one per text x model x dimension); the array was empty.",
    );
  }
}
