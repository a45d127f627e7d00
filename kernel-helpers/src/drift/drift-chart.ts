import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "@discernus/analysis";
import type { DriftRow } from "./drift-rows.js";

/**
 * Share of changed answers per model x dimension, as a heatmap on a fixed 0..1 scale (so 0 reads
 * as white whatever else drifted), each cell labelled with its share and n. Data inlined, one
 * datum per cell, as the charts of @discernus/analysis do.
 */
export function driftChart(rows: readonly DriftRow[], checkedRun: string): VegaLiteSpec {
  const models = [...new Set(rows.map((r) => r.model))];
  const dimensions = [...new Set(rows.map((r) => r.dimension))];
  const values = rows.map((r) => ({
    model: r.model,
    dimension: r.dimension,
    shareChanged: r.shareChanged,
    changed: r.changed,
    n: r.n,
    meanAbsChange: r.meanAbsChange,
  }));
  const answers = rows.reduce((s, r) => Math.max(s, r.n), 0);
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: {
      text: "Share of answers that changed when asked again",
      subtitle: [
        `Run ${checkedRun}: up to ${answers} recorded answers per model, asked again live with the same request`,
      ],
      anchor: "start",
    },
    data: { values },
    width: { step: 72 },
    height: { step: 30 },
    encoding: {
      x: {
        field: "model",
        type: "nominal",
        title: "Model",
        sort: models,
        axis: { labelAngle: -30, labelLimit: 220, orient: "top" },
      },
      y: {
        field: "dimension",
        type: "nominal",
        title: "Dimension",
        sort: dimensions,
        axis: { labelLimit: 220 },
      },
      tooltip: [
        { field: "model", type: "nominal", title: "Model" },
        { field: "dimension", type: "nominal", title: "Dimension" },
        { field: "shareChanged", type: "quantitative", title: "Share changed", format: ".0%" },
        { field: "changed", type: "quantitative", title: "Changed" },
        { field: "n", type: "quantitative", title: "n" },
        { field: "meanAbsChange", type: "quantitative", title: "Mean |change|", format: ".3f" },
      ],
    },
    layer: [
      { mark: { type: "rect", color: "#e8e8e8" } },
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "shareChanged",
            type: "quantitative",
            title: "Share changed",
            scale: { scheme: "oranges", domain: [0, 1] },
            legend: { format: ".0%" },
          },
        },
      },
      {
        transform: [
          {
            calculate:
              "datum.shareChanged == null ? '–' : format(datum.shareChanged, '.0%') + ' of ' + datum.n",
            as: "label",
          },
        ],
        mark: { type: "text", fontSize: 12 },
        encoding: {
          text: { field: "label", type: "nominal" },
          color: { condition: { test: "datum.shareChanged > 0.6", value: "white" }, value: "black" },
        },
      },
    ],
    config: { axis: { labelFontSize: 12, titleFontSize: 12 }, view: { stroke: null } },
  };
}
