import type { VegaLiteSpec } from "@discernus/analysis";
import type { Reproduction } from "./reproduction.js";

const STATUS_COLORS: Record<string, string> = {
  identical: "#2e7d32",
  differs: "#ef6c00",
  failed: "#c62828",
  not_run: "#9e9e9e",
};

/** One bar per code cell, as high as the outputs compared and coloured by its verdict. */
export function reproductionChart(reproduction: Reproduction): VegaLiteSpec {
  const statuses = Object.keys(STATUS_COLORS);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `Reproduction: ${reproduction.status}, output parts compared per code cell`,
    width: Math.max(240, reproduction.cells.length * 28),
    height: 160,
    data: {
      values: reproduction.cells.map((c) => ({
        cell: c.cell,
        status: c.status,
        compared: c.compared,
        // A cell with nothing to compare (no output, or never run) still gets a bar: its verdict counts.
        bar: Math.max(1, c.compared),
        detail: c.detail.split("\n")[0] ?? "",
      })),
    },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "cell", type: "ordinal", title: "code cell" },
      y: { field: "bar", type: "quantitative", title: "output parts compared (at least 1)" },
      color: {
        field: "status",
        type: "nominal",
        scale: { domain: statuses, range: statuses.map((s) => STATUS_COLORS[s]!) },
        title: "verdict",
      },
      tooltip: [
        { field: "cell", type: "ordinal" },
        { field: "status", type: "nominal" },
        { field: "compared", type: "quantitative" },
        { field: "detail", type: "nominal" },
      ],
    },
  } as VegaLiteSpec;
}
