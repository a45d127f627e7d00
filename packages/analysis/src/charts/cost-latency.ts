import type { ChartRow } from "./chart-row.js";
import { chartTitle, VEGA_LITE_V5_SCHEMA, type ChartOptions, type VegaLiteSpec } from "./chart-spec.js";
import { ascending, quantileOfSorted } from "./descriptive-stats.js";
import { requireRows } from "./no-chart-data-error.js";
import { compareCodeUnits, sortedDomain } from "./sorted-domain.js";

export type CallStatus = "live" | "cached";

/** The calls of one model with one status, as inlined in the latency panel's data. */
export interface ModelCallSummary {
  readonly model: string;
  readonly status: CallStatus;
  readonly calls: number;
  /** Total cost in USD: the integer nano-USD sum, divided by 1e9 once at the end. */
  readonly costUsd: number;
  readonly medianLatencyMs: number;
  /** 90th percentile (type 7 interpolation). */
  readonly p90LatencyMs: number;
}

/** One model's total cost, as inlined in the cost panel's data. */
export interface ModelCost {
  readonly model: string;
  readonly costUsd: number;
  /** The cost as printed beside its bar, e.g. "$0.0125". */
  readonly costLabel: string;
}

const CHART = "costLatency";
const ROW_STEP_PX = 28;

/**
 * Total cost and latency per model. A call scores several dimensions, so its rows share a
 * `callId`, and its cost and latency are counted once per call (from its first row). Cached
 * answers cost nothing and return in milliseconds: their latency is summarised apart, so it
 * neither pulls the live median down nor hides, and the subtitle counts them.
 */
export function costLatency(rows: readonly ChartRow[], options: ChartOptions = {}): VegaLiteSpec {
  requireRows(CHART, rows);
  const calls = new Map<string, ChartRow>();
  for (const row of rows) if (!calls.has(row.callId)) calls.set(row.callId, row);

  const groups = new Map<
    string,
    { model: string; status: CallStatus; costNanoUsd: number; latencies: number[] }
  >();
  const costNanoUsdByModel = new Map<string, number>();
  for (const call of calls.values()) {
    const status: CallStatus = call.cached ? "cached" : "live";
    const key = JSON.stringify([call.model, status]);
    const group = groups.get(key) ?? { model: call.model, status, costNanoUsd: 0, latencies: [] };
    groups.set(key, group);
    group.costNanoUsd += call.costNanoUsd;
    group.latencies.push(call.latencyMs);
    costNanoUsdByModel.set(call.model, (costNanoUsdByModel.get(call.model) ?? 0) + call.costNanoUsd);
  }
  const summaries: ModelCallSummary[] = [...groups.values()]
    .map((group) => {
      const sorted = ascending(group.latencies);
      return {
        model: group.model,
        status: group.status,
        calls: sorted.length,
        costUsd: group.costNanoUsd / 1e9,
        medianLatencyMs: quantileOfSorted(sorted, 0.5) as number,
        p90LatencyMs: quantileOfSorted(sorted, 0.9) as number,
      };
    })
    // live before cached within a model
    .sort((a, b) => compareCodeUnits(a.model, b.model) || compareCodeUnits(b.status, a.status));

  const models = sortedDomain(costNanoUsdByModel.keys());
  const costs: ModelCost[] = models.map((model) => {
    const costUsd = (costNanoUsdByModel.get(model) ?? 0) / 1e9;
    return { model, costUsd, costLabel: formatUsd(costUsd) };
  });
  let totalNanoUsd = 0;
  for (const nanoUsd of costNanoUsdByModel.values()) totalNanoUsd += nanoUsd;
  const cachedCalls = summaries.filter((s) => s.status === "cached").reduce((sum, s) => sum + s.calls, 0);
  const statuses = (["live", "cached"] as const).filter((status) =>
    summaries.some((s) => s.status === status),
  );

  const y = {
    field: "model",
    type: "nominal",
    title: null,
    sort: models,
    scale: { domain: models },
    axis: { labelLimit: 220 },
  };
  const width = options.width ?? 260;

  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: chartTitle(options.title ?? "Cost and latency by model", [
      `${calls.size} calls, ${cachedCalls} of them cached (at $0); ${formatUsd(totalNanoUsd / 1e9)} in all`,
      "Each call counted once, however many dimensions it scored",
    ]),
    hconcat: [
      {
        title: { text: "Total cost (USD)", anchor: "start", fontSize: 12 },
        data: { values: costs },
        width,
        height: options.height ?? { step: ROW_STEP_PX },
        encoding: {
          y,
          x: { field: "costUsd", type: "quantitative", title: null, axis: { format: "$~g", tickCount: 4 } },
          tooltip: [
            { field: "model", type: "nominal", title: "Model" },
            { field: "costUsd", type: "quantitative", title: "Cost (USD)", format: "$.6~f" },
          ],
        },
        layer: [
          { mark: { type: "bar", color: "#4c78a8", height: 18 } },
          {
            mark: { type: "text", align: "left", dx: 4, fontSize: 11 },
            encoding: { text: { field: "costLabel", type: "nominal" } },
          },
        ],
      },
      {
        title: { text: "Latency per call: bar median, tick p90", anchor: "start", fontSize: 12 },
        data: { values: summaries },
        width,
        // With an offset channel the step is per status, so model rows line up with the cost panel.
        height: options.height ?? { step: ROW_STEP_PX / statuses.length },
        transform: [
          {
            calculate:
              "datum.status + ' · n=' + datum.calls + ' · ' + format(datum.medianLatencyMs, ',.0f') + " +
              "' / ' + format(datum.p90LatencyMs, ',.0f') + ' ms'",
            as: "label",
          },
        ],
        encoding: {
          y,
          yOffset: { field: "status", type: "nominal", sort: statuses, scale: { domain: statuses } },
          color: {
            field: "status",
            type: "nominal",
            scale: { domain: statuses, range: statuses.map((s) => (s === "live" ? "#4c78a8" : "#b0a9a4")) },
            legend: null,
          },
          tooltip: [
            { field: "model", type: "nominal", title: "Model" },
            { field: "status", type: "nominal", title: "Calls" },
            { field: "calls", type: "quantitative", title: "n" },
            { field: "medianLatencyMs", type: "quantitative", title: "Median (ms)", format: ",.0f" },
            { field: "p90LatencyMs", type: "quantitative", title: "p90 (ms)", format: ",.0f" },
          ],
        },
        layer: [
          {
            mark: { type: "bar" },
            encoding: { x: { field: "medianLatencyMs", type: "quantitative", title: "ms" } },
          },
          {
            mark: { type: "tick", thickness: 2 },
            encoding: { x: { field: "p90LatencyMs", type: "quantitative" }, color: { value: "#222222" } },
          },
          {
            mark: { type: "text", align: "left", dx: 6, fontSize: 10 },
            encoding: {
              x: { field: "p90LatencyMs", type: "quantitative" },
              text: { field: "label", type: "nominal" },
              color: { value: "#333333" },
            },
          },
        ],
      },
    ],
    config: { axis: { labelFontSize: 12, titleFontSize: 12 }, view: { stroke: null } },
  };
}

/** Three significant digits, no trailing zeros: "$0.0125", "$12.3", "$0". */
function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  return usd >= 100 ? `$${usd.toFixed(0)}` : `$${Number(usd.toPrecision(3))}`;
}
