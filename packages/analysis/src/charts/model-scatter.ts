import { isUsableScore, type ChartRow } from "./chart-row.js";
import {
  chartTitle,
  excludedNote,
  scoreDomain,
  VEGA_LITE_V5_SCHEMA,
  type ScoreChartOptions,
  type VegaLiteSpec,
} from "./chart-spec.js";
import { ascending, meanOfSorted } from "./descriptive-stats.js";
import { NoChartDataError, requireRows } from "./no-chart-data-error.js";
import { compareCodeUnits, sortedDomain } from "./sorted-domain.js";
import { tieJitter } from "./tie-jitter.js";

export interface ModelScatterOptions extends ScoreChartOptions {
  /** The model on the x axis. */
  readonly x: string;
  /** The model on the y axis. */
  readonly y: string;
  /** Only this dimension (default: every dimension, one colour each). */
  readonly dimension?: string;
}

/**
 * One point of the scatter, as inlined in the spec's `data.values`. The scores sit under fixed
 * field names: model names such as "openai/gpt-4.1" contain dots, which vega-lite reads as
 * nested-field access.
 */
export interface ScatterPoint {
  readonly text: string;
  readonly dimension: string;
  /** The x model's score (mean of its non-null scores for this text and dimension, usually one). */
  readonly x: number;
  readonly y: number;
}

const CHART = "modelScatter";

/**
 * Model-vs-model scatter: one point per text x dimension scored by both models, coloured by
 * dimension, over a dashed y = x line (points on it are agreements). Pairs where either model's
 * score is null or missing are excluded and counted in the subtitle.
 */
export function modelScatter(rows: readonly ChartRow[], options: ModelScatterOptions): VegaLiteSpec {
  requireRows(CHART, rows);
  const models = sortedDomain(rows.map((row) => row.model));
  for (const model of [options.x, options.y]) {
    if (!models.includes(model)) {
      throw new NoChartDataError(
        CHART,
        `no rows for model "${model}". Models in the rows: ${models.join(", ")}.`,
      );
    }
  }
  const wanted = rows.filter(
    (row) =>
      (row.model === options.x || row.model === options.y) &&
      (options.dimension === undefined || row.dimension === options.dimension),
  );
  if (wanted.length === 0) {
    const dimensions = sortedDomain(rows.map((row) => row.dimension));
    throw new NoChartDataError(
      CHART,
      `no rows for dimension "${options.dimension}". Dimensions in the rows: ${dimensions.join(", ")}.`,
    );
  }

  const byTextDimension = new Map<string, { text: string; dimension: string; x: number[]; y: number[] }>();
  for (const row of wanted) {
    const key = JSON.stringify([row.text, row.dimension]);
    const entry = byTextDimension.get(key) ?? { text: row.text, dimension: row.dimension, x: [], y: [] };
    byTextDimension.set(key, entry);
    if (!isUsableScore(row.score)) continue;
    // With x === y (a model against itself) every score lands on both axes.
    if (row.model === options.x) entry.x.push(row.score);
    if (row.model === options.y) entry.y.push(row.score);
  }

  const points: ScatterPoint[] = [];
  for (const entry of byTextDimension.values()) {
    const x = meanOfSorted(ascending(entry.x));
    const y = meanOfSorted(ascending(entry.y));
    if (x !== null && y !== null) points.push({ text: entry.text, dimension: entry.dimension, x, y });
  }
  const excluded = byTextDimension.size - points.length;
  if (points.length === 0) {
    throw new NoChartDataError(
      CHART,
      `no text has a non-null score from both ${options.x} and ${options.y}` +
        `${options.dimension === undefined ? "" : ` on ${options.dimension}`} (${excluded} pairs lacked one).`,
    );
  }
  points.sort((a, b) => compareCodeUnits(a.dimension, b.dimension) || compareCodeUnits(a.text, b.text));

  const dimensions = sortedDomain(points.map((point) => point.dimension));
  const [low, high] = scoreDomain(
    points.flatMap((point) => [point.x, point.y]),
    options.scoreRange,
  );
  const jitter = tieJitter(points);
  const pad = jitter?.amplitude ?? 0;
  const axisScale = { domain: [low - pad, high + pad], nice: false, zero: false };

  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: chartTitle(options.title ?? `${options.y} vs ${options.x}`, [
      `${points.length} text x dimension pairs; points on the dashed line are agreements`,
      ...(jitter === null
        ? []
        : [`Tied scores spread by up to ±${Number(pad.toPrecision(2))} so that each shows`]),
      ...excludedNote(excluded, "pair with a null or missing score", "pairs with a null or missing score"),
    ]),
    // Square by default, so the y = x line is the diagonal.
    width: options.width ?? options.height ?? 360,
    height: options.height ?? options.width ?? 360,
    layer: [
      {
        data: { values: [{ score: low - pad }, { score: high + pad }] },
        mark: { type: "line", color: "#888888", strokeDash: [4, 4], strokeWidth: 1 },
        encoding: {
          x: { field: "score", type: "quantitative", scale: axisScale, title: `${options.x} score` },
          y: { field: "score", type: "quantitative", scale: axisScale, title: `${options.y} score` },
        },
      },
      {
        data: { values: points },
        ...(jitter === null ? {} : { transform: jitter.transform }),
        // Smaller, fainter points as they multiply, so dense regions stay distinguishable.
        mark: {
          type: "circle",
          size: points.length > 1000 ? 18 : 40,
          opacity: points.length > 1000 ? 0.45 : 0.6,
        },
        encoding: {
          x: {
            field: jitter === null ? "x" : "xJitter",
            type: "quantitative",
            scale: axisScale,
            title: `${options.x} score`,
          },
          y: {
            field: jitter === null ? "y" : "yJitter",
            type: "quantitative",
            scale: axisScale,
            title: `${options.y} score`,
          },
          color: {
            field: "dimension",
            type: "nominal",
            title: "Dimension",
            scale: { domain: dimensions, scheme: dimensions.length > 10 ? "tableau20" : "tableau10" },
          },
          tooltip: [
            { field: "text", type: "nominal", title: "Text" },
            { field: "dimension", type: "nominal", title: "Dimension" },
            { field: "x", type: "quantitative", title: options.x, format: ".3~f" },
            { field: "y", type: "quantitative", title: options.y, format: ".3~f" },
          ],
        },
      },
    ],
    config: { axis: { labelFontSize: 12, titleFontSize: 12 } },
  };
}
