import { isUsableScore, type ChartRow } from "./chart-row.js";
import {
  chartTitle,
  excludedNote,
  scoreDomain,
  VEGA_LITE_V5_SCHEMA,
  type ScoreChartOptions,
  type VegaLiteSpec,
} from "./chart-spec.js";
import { ascending, meanOfSorted, quantileOfSorted } from "./descriptive-stats.js";
import { NoChartDataError, requireRows } from "./no-chart-data-error.js";
import { compareCodeUnits, sortedDomain } from "./sorted-domain.js";

export interface ScoreDistributionsOptions extends ScoreChartOptions {
  /** Dimension panels per row (default 3). */
  readonly columns?: number;
}

/** The box of one model on one dimension (Tukey: whiskers reach the furthest score within 1.5 IQR). */
export interface ScoreBox {
  readonly kind: "box";
  readonly model: string;
  readonly dimension: string;
  readonly n: number;
  readonly nNull: number;
  readonly lower: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly upper: number;
  readonly mean: number;
}

/** A score beyond a whisker, drawn as a point and named by its text. */
export interface ScoreOutlier {
  readonly kind: "outlier";
  readonly model: string;
  readonly dimension: string;
  readonly text: string;
  readonly score: number;
}

const CHART = "scoreDistributions";

/**
 * Box plots of each model's scores, one panel per dimension. Boxes rather than densities: scores
 * are often on a short integer scale, where a kernel density invents values between the steps,
 * and a box stays readable from 10 texts to 500. Quartiles are computed here (type 7, as
 * vega-lite's own boxplot), so the notebook carries a few numbers per box instead of every score.
 */
export function scoreDistributions(
  rows: readonly ChartRow[],
  options: ScoreDistributionsOptions = {},
): VegaLiteSpec {
  requireRows(CHART, rows);
  const models = sortedDomain(rows.map((row) => row.model));
  const dimensions = sortedDomain(rows.map((row) => row.dimension));

  const groups = new Map<string, { model: string; dimension: string; scored: ChartRow[]; nNull: number }>();
  let nNull = 0;
  for (const row of rows) {
    const key = JSON.stringify([row.model, row.dimension]);
    const group = groups.get(key) ?? { model: row.model, dimension: row.dimension, scored: [], nNull: 0 };
    groups.set(key, group);
    if (isUsableScore(row.score)) {
      group.scored.push(row);
    } else {
      group.nNull += 1;
      nNull += 1;
    }
  }
  if (nNull === rows.length) {
    throw new NoChartDataError(
      CHART,
      `all ${rows.length} scores are null; there is no distribution to show.`,
    );
  }

  const boxes: ScoreBox[] = [];
  const outliers: ScoreOutlier[] = [];
  for (const group of groups.values()) {
    if (group.scored.length === 0) continue;
    const sorted = ascending(group.scored.map((row) => row.score as number));
    const q1 = quantileOfSorted(sorted, 0.25) as number;
    const q3 = quantileOfSorted(sorted, 0.75) as number;
    const fenceLow = q1 - 1.5 * (q3 - q1);
    const fenceHigh = q3 + 1.5 * (q3 - q1);
    const inside = sorted.filter((score) => score >= fenceLow && score <= fenceHigh);
    boxes.push({
      kind: "box",
      model: group.model,
      dimension: group.dimension,
      n: sorted.length,
      nNull: group.nNull,
      lower: inside[0] as number,
      q1,
      median: quantileOfSorted(sorted, 0.5) as number,
      q3,
      upper: inside[inside.length - 1] as number,
      mean: meanOfSorted(sorted) as number,
    });
    for (const row of group.scored) {
      const score = row.score as number;
      if (score < fenceLow || score > fenceHigh) {
        outliers.push({
          kind: "outlier",
          model: group.model,
          dimension: group.dimension,
          text: row.text,
          score,
        });
      }
    }
  }
  const byPlace = (a: { model: string; dimension: string }, b: { model: string; dimension: string }) =>
    compareCodeUnits(a.dimension, b.dimension) || compareCodeUnits(a.model, b.model);
  boxes.sort(byPlace);
  outliers.sort((a, b) => byPlace(a, b) || a.score - b.score || compareCodeUnits(a.text, b.text));

  const [low, high] = scoreDomain(
    boxes.flatMap((box) => [box.lower, box.upper]).concat(outliers.map((outlier) => outlier.score)),
    options.scoreRange,
  );
  const x = {
    type: "quantitative",
    title: "Score",
    scale: low < high ? { domain: [low, high], nice: false, zero: false } : { zero: false },
  };
  const y = {
    field: "model",
    type: "nominal",
    title: null,
    sort: models,
    scale: { domain: models },
    axis: { labelLimit: 200 },
  };
  const onlyBoxes = { filter: "datum.kind === 'box'" };
  const boxTooltip = [
    { field: "model", type: "nominal", title: "Model" },
    { field: "dimension", type: "nominal", title: "Dimension" },
    { field: "n", type: "quantitative", title: "n" },
    { field: "nNull", type: "quantitative", title: "Null scores" },
    { field: "median", type: "quantitative", title: "Median", format: ".3~f" },
    { field: "q1", type: "quantitative", title: "Q1", format: ".3~f" },
    { field: "q3", type: "quantitative", title: "Q3", format: ".3~f" },
    { field: "lower", type: "quantitative", title: "Lower whisker", format: ".3~f" },
    { field: "upper", type: "quantitative", title: "Upper whisker", format: ".3~f" },
    { field: "mean", type: "quantitative", title: "Mean", format: ".3f" },
  ];

  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: chartTitle(options.title ?? "Score distributions by model", [
      `Boxes: quartiles; bar: median; whiskers: furthest score within 1.5 IQR; dots: scores beyond`,
      `${rows.length - nNull} scores from ${models.length} models`,
      ...excludedNote(nNull),
    ]),
    data: { values: [...boxes, ...outliers] },
    facet: {
      field: "dimension",
      type: "nominal",
      title: null,
      sort: dimensions,
      header: { labelFontSize: 13, labelAnchor: "start", labelFontWeight: "bold" },
    },
    columns: Math.min(options.columns ?? 3, dimensions.length),
    spec: {
      width: options.width ?? 240,
      height: options.height ?? { step: 22 },
      layer: [
        {
          transform: [onlyBoxes],
          mark: { type: "rule", color: "#555555" },
          encoding: { x: { ...x, field: "lower" }, x2: { field: "upper" }, y, tooltip: boxTooltip },
        },
        {
          transform: [onlyBoxes],
          mark: { type: "bar", size: 14, color: "#9ecae9", stroke: "#4c78a8" },
          encoding: { x: { ...x, field: "q1" }, x2: { field: "q3" }, y, tooltip: boxTooltip },
        },
        {
          transform: [onlyBoxes],
          mark: { type: "tick", color: "#1f3b5c", thickness: 2, size: 14 },
          encoding: { x: { ...x, field: "median" }, y, tooltip: boxTooltip },
        },
        {
          transform: [{ filter: "datum.kind === 'outlier'" }],
          mark: { type: "point", color: "#4c78a8", size: 24, opacity: 0.7 },
          encoding: {
            x: { ...x, field: "score" },
            y,
            tooltip: [
              { field: "text", type: "nominal", title: "Text" },
              { field: "model", type: "nominal", title: "Model" },
              { field: "score", type: "quantitative", title: "Score", format: ".3~f" },
            ],
          },
        },
      ],
    },
    config: { axis: { labelFontSize: 12, titleFontSize: 12 } },
  };
}
