// Vega-lite v5 spec builders for notebook outputs: plain JSON, no vega-lite at run time.
export type { ChartRow } from "./chart-row.js";
export {
  VEGA_LITE_V5_SCHEMA,
  type ChartOptions,
  type ScoreChartOptions,
  type VegaLiteSpec,
} from "./chart-spec.js";
export { NoChartDataError } from "./no-chart-data-error.js";
export { modelDimensionHeatmap, type HeatmapCell } from "./model-dimension-heatmap.js";
export { modelScatter, type ModelScatterOptions, type ScatterPoint } from "./model-scatter.js";
export {
  scoreDistributions,
  type ScoreBox,
  type ScoreDistributionsOptions,
  type ScoreOutlier,
} from "./score-distributions.js";
export { costLatency, type CallStatus, type ModelCallSummary, type ModelCost } from "./cost-latency.js";
