import { isUsableScore, type ChartRow } from "./chart-row.js";
import {
  chartTitle,
  excludedNote,
  scoreDomain,
  VEGA_LITE_V5_SCHEMA,
  type ScoreChartOptions,
  type VegaLiteSpec,
} from "./chart-spec.js";
import { ascending, meanOfSorted, sampleSdOfSorted } from "./descriptive-stats.js";
import { NoChartDataError, requireRows } from "./no-chart-data-error.js";
import { sortedDomain } from "./sorted-domain.js";

/** One cell of the heatmap, as inlined in the spec's `data.values`. */
export interface HeatmapCell {
  readonly model: string;
  readonly dimension: string;
  /** Mean of the non-null scores; `null` when the model gave none on this dimension. */
  readonly mean: number | null;
  /** Sample standard deviation; `null` below two scores. */
  readonly sd: number | null;
  /** Non-null scores averaged. */
  readonly n: number;
  /** Null scores excluded from the mean. */
  readonly nNull: number;
}

const CHART = "modelDimensionHeatmap";

/**
 * Mean score per model x dimension. The colour scale diverges around 0 when the score range spans
 * negative and positive values, and is sequential otherwise; every cell is labelled with its mean.
 * Means are computed here, not by vega-lite, so the notebook carries one datum per cell.
 */
export function modelDimensionHeatmap(
  rows: readonly ChartRow[],
  options: ScoreChartOptions = {},
): VegaLiteSpec {
  requireRows(CHART, rows);
  const models = sortedDomain(rows.map((row) => row.model));
  const dimensions = sortedDomain(rows.map((row) => row.dimension));

  const scoresByCell = new Map<string, { scores: number[]; nNull: number }>();
  const usable: number[] = [];
  for (const row of rows) {
    const key = cellKey(row.model, row.dimension);
    const cell = scoresByCell.get(key) ?? { scores: [], nNull: 0 };
    scoresByCell.set(key, cell);
    if (isUsableScore(row.score)) {
      cell.scores.push(row.score);
      usable.push(row.score);
    } else {
      cell.nNull += 1;
    }
  }
  if (usable.length === 0) {
    throw new NoChartDataError(CHART, `all ${rows.length} scores are null; there is no mean to show.`);
  }

  const cells: HeatmapCell[] = [];
  for (const model of models) {
    for (const dimension of dimensions) {
      const cell = scoresByCell.get(cellKey(model, dimension)) ?? { scores: [], nNull: 0 };
      const sorted = ascending(cell.scores);
      cells.push({
        model,
        dimension,
        mean: meanOfSorted(sorted),
        sd: sampleSdOfSorted(sorted),
        n: sorted.length,
        nNull: cell.nNull,
      });
    }
  }

  const [low, high] = scoreDomain(usable, options.scoreRange);
  const diverging = low < 0 && high > 0;
  const nNull = rows.length - usable.length;
  const emptyCells = cells.filter((cell) => cell.n === 0).length;

  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: chartTitle(options.title ?? "Mean score by model and dimension", [
      `Cells: mean of ${usable.length} non-null scores`,
      ...excludedNote(nNull),
      ...(emptyCells > 0 ? [`${emptyCells} grey cell${emptyCells === 1 ? "" : "s"}: no score`] : []),
    ]),
    data: { values: cells },
    width: options.width ?? { step: 72 },
    height: options.height ?? { step: 30 },
    encoding: {
      x: {
        field: "model",
        type: "nominal",
        title: "Model",
        sort: models,
        scale: { domain: models },
        axis: { labelAngle: -30, labelLimit: 220, orient: "top" },
      },
      y: {
        field: "dimension",
        type: "nominal",
        title: "Dimension",
        sort: dimensions,
        scale: { domain: dimensions },
        axis: { labelLimit: 220 },
      },
      tooltip: [
        { field: "model", type: "nominal", title: "Model" },
        { field: "dimension", type: "nominal", title: "Dimension" },
        { field: "mean", type: "quantitative", title: "Mean", format: ".3f" },
        { field: "n", type: "quantitative", title: "n" },
        { field: "sd", type: "quantitative", title: "SD", format: ".3f" },
        { field: "nNull", type: "quantitative", title: "Null scores" },
      ],
    },
    layer: [
      // Grey under every cell, so a model x dimension with no score reads as missing, not as 0.
      { mark: { type: "rect", color: "#e8e8e8" } },
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "mean",
            type: "quantitative",
            title: "Mean score",
            scale: colourScale(low, high, diverging),
          },
        },
      },
      {
        transform: [{ calculate: "datum.mean == null ? '–' : format(datum.mean, '.2f')", as: "label" }],
        mark: { type: "text", fontSize: 12 },
        encoding: {
          text: { field: "label", type: "nominal" },
          color: { condition: { test: darkCellTest(low, high, diverging), value: "white" }, value: "black" },
        },
      },
    ],
    config: { axis: { labelFontSize: 12, titleFontSize: 12 }, view: { stroke: null } },
  };
}

function cellKey(model: string, dimension: string): string {
  return JSON.stringify([model, dimension]);
}

function colourScale(low: number, high: number, diverging: boolean): Record<string, unknown> {
  if (low === high) return { scheme: "blues" };
  // blueorange is vega's default diverging scheme and reads for common colour-vision deficiencies.
  return diverging
    ? { scheme: "blueorange", domain: [low, high], domainMid: 0 }
    : { scheme: "blues", domain: [low, high] };
}

/** Where the fill is dark enough that a black label would be hard to read. */
function darkCellTest(low: number, high: number, diverging: boolean): string {
  if (low === high) return "false";
  if (diverging) return `datum.mean != null && (datum.mean < ${0.6 * low} || datum.mean > ${0.6 * high})`;
  return `datum.mean != null && datum.mean > ${low + 0.6 * (high - low)}`;
}
