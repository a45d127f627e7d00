import { InvalidRequestError } from "@discernus/gateway";

/**
 * JupyterLab renders `application/vnd.vegalite.v5+json` with vega-lite 5, so the specs declare
 * v5 and use only v5 features (nothing from vega-lite 6, such as the `time` channel).
 */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A vega-lite v5 spec as plain JSON, with its data inlined: ready for a notebook output. */
export interface VegaLiteSpec {
  readonly $schema: typeof VEGA_LITE_V5_SCHEMA;
  readonly [property: string]: unknown;
}

export interface ChartOptions {
  /** Width in pixels of one plot (a facet cell or a concatenated panel). Default: per chart. */
  readonly width?: number;
  /** Height in pixels of one plot. Default: per chart, from the number of rows it shows. */
  readonly height?: number;
  /** The title above the chart. Default: per chart; the subtitle (counts, exclusions) stays. */
  readonly title?: string;
}

export interface ScoreChartOptions extends ChartOptions {
  /**
   * The framework's score range, e.g. `[-1, 1]` or `[0, 10]`: the score axis or colour domain.
   * Default: the extent of the scores charted.
   */
  readonly scoreRange?: readonly [number, number];
}

/** A vega-lite title with the lines of small print that make the chart readable without hovering. */
export function chartTitle(text: string, subtitle: readonly string[]): Record<string, unknown> {
  return subtitle.length > 0 ? { text, subtitle: [...subtitle], anchor: "start" } : { text, anchor: "start" };
}

/** The score domain: the caller's `scoreRange` when given, else the scores' extent. */
export function scoreDomain(
  scores: readonly number[],
  scoreRange: readonly [number, number] | undefined,
): [number, number] {
  if (scoreRange !== undefined) {
    const [min, max] = scoreRange;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) {
      throw new InvalidRequestError(
        "scoreRange",
        `expected [min, max] with finite min < max, got [${min}, ${max}]. Pass the framework's score range, e.g. [-1, 1].`,
      );
    }
    return [min, max];
  }
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores) {
    if (score < min) min = score;
    if (score > max) max = score;
  }
  return [min, max];
}

/** "N null scores excluded", or nothing when none were. */
export function excludedNote(excluded: number, one = "null score", many = `${one}s`): string[] {
  if (excluded === 0) return [];
  return [`${excluded} ${excluded === 1 ? one : many} excluded`];
}
