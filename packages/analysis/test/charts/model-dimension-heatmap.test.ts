import { DiscernusError } from "@discernus/gateway";
import { describe, expect, it } from "vitest";
import {
  modelDimensionHeatmap,
  NoChartDataError,
  type ChartRow,
  type HeatmapCell,
} from "../../src/charts/index.js";
import { fixtureRows } from "./chart-rows.fixture.js";
import { compileChart, drawnData, inlinedValues, markTypes, runChart, schemaErrors } from "./compile-spec.js";

function layerColourScale(spec: ReturnType<typeof modelDimensionHeatmap>): Record<string, unknown> {
  const layers = spec.layer as {
    encoding?: { color?: { field?: string; scale?: Record<string, unknown> } };
  }[];
  const colour = layers.map((layer) => layer.encoding?.color).find((c) => c?.field === "mean");
  return colour?.scale ?? {};
}

describe("modelDimensionHeatmap", () => {
  it("compiles with vega-lite without warnings, validates against its schema, and draws cells and labels", () => {
    const spec = modelDimensionHeatmap(fixtureRows());
    const { vega, messages } = compileChart(spec);
    expect(messages).toEqual([]);
    expect(schemaErrors(spec)).toEqual([]);
    expect(markTypes(vega)).toEqual(["rect", "rect", "text"]);
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
  });

  it("gives each cell the mean of that model's non-null scores on that dimension", () => {
    const rows = fixtureRows();
    const cells = inlinedValues<HeatmapCell>(modelDimensionHeatmap(rows));
    expect(cells).toHaveLength(9);
    for (const cell of cells) {
      const scores = rows
        .filter((row) => row.model === cell.model && row.dimension === cell.dimension && row.score !== null)
        .map((row) => row.score as number);
      const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
      expect(cell.mean).toBeCloseTo(mean, 12);
      expect(cell.n).toBe(scores.length);
    }
  });

  it("labels every cell with its mean to two decimals in what vega draws", async () => {
    const { view } = await runChart(modelDimensionHeatmap(fixtureRows()));
    const svg = await view.toSVG();
    view.finalize();
    // openai/gpt-4.1 on care: (0.8 - 0.2 + 0.4) / 3, its t4 score being null
    expect(svg).toContain(">0.33<");
    // google/gemini on loyalty: (0 + 0.5 - 1 + 0) / 4, drawn with a true minus sign
    expect(svg).toContain(">−0.13<");
  });

  it("excludes null scores from the means and counts them, per cell and in the subtitle", () => {
    const spec = modelDimensionHeatmap(fixtureRows());
    const cell = inlinedValues<HeatmapCell>(spec).find(
      (c) => c.model === "openai/gpt-4.1" && c.dimension === "care",
    );
    expect(cell).toMatchObject({ n: 3, nNull: 1 });
    expect(JSON.stringify(spec.title)).toContain("2 null scores excluded");
  });

  it("shows mean, n and sd in the tooltip, with sd as the sample standard deviation", () => {
    const spec = modelDimensionHeatmap(fixtureRows());
    const tooltip = (spec.encoding as { tooltip: { field: string }[] }).tooltip.map((t) => t.field);
    expect(tooltip).toEqual(expect.arrayContaining(["mean", "n", "sd"]));
    const cell = inlinedValues<HeatmapCell>(spec).find(
      (c) => c.model === "anthropic/claude" && c.dimension === "fairness",
    );
    // scores -0.4, 0.2, 0.7, 0.1: mean 0.15, squared deviations sum 0.61, over n - 1 = 3
    expect(cell?.sd).toBeCloseTo(Math.sqrt(0.61 / 3), 12);
  });

  it("agrees with vega's own mean, stdev and valid-count aggregates over the raw rows", async () => {
    const rows = fixtureRows();
    const reference = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: rows.map(({ model, dimension, score }) => ({ model, dimension, score })) },
      transform: [
        {
          aggregate: [
            { op: "mean", field: "score", as: "mean" },
            { op: "stdev", field: "score", as: "sd" },
            { op: "valid", field: "score", as: "n" },
          ],
          groupby: ["model", "dimension"],
        },
      ],
      mark: "rect",
      encoding: { x: { field: "model", type: "nominal" }, y: { field: "dimension", type: "nominal" } },
    } as const;
    const { view, vega } = await runChart(reference);
    const aggregated = drawnData(view, vega, "rect");
    view.finalize();
    const cells = inlinedValues<HeatmapCell>(modelDimensionHeatmap(rows));
    expect(aggregated).toHaveLength(cells.length);
    for (const cell of cells) {
      const theirs = aggregated.find((a) => a.model === cell.model && a.dimension === cell.dimension);
      expect(theirs?.n).toBe(cell.n);
      expect(cell.mean).toBeCloseTo(theirs?.mean as number, 12);
      expect(cell.sd).toBeCloseTo(theirs?.sd as number, 12);
    }
  });

  it("uses a diverging scale around 0 when the scores span negative and positive, sequential otherwise", () => {
    expect(layerColourScale(modelDimensionHeatmap(fixtureRows()))).toEqual({
      scheme: "blueorange",
      domain: [-1, 1],
      domainMid: 0,
    });
    const positive = fixtureRows().map((row) =>
      row.score === null ? row : { ...row, score: row.score + 2 },
    );
    expect(layerColourScale(modelDimensionHeatmap(positive))).toEqual({ scheme: "blues", domain: [1, 3] });
    expect(layerColourScale(modelDimensionHeatmap(positive, { scoreRange: [-5, 5] }))).toMatchObject({
      scheme: "blueorange",
      domain: [-5, 5],
    });
  });

  it("comes out the same whatever the order of the rows", () => {
    const rows = fixtureRows();
    const reversed = [...rows].reverse();
    expect(JSON.stringify(modelDimensionHeatmap(reversed))).toBe(JSON.stringify(modelDimensionHeatmap(rows)));
    const x = (modelDimensionHeatmap(rows).encoding as { x: { sort: string[] } }).x;
    expect(x.sort).toEqual(["anthropic/claude", "google/gemini", "openai/gpt-4.1"]);
  });

  it("keeps a cell with no score as an empty (grey) cell, not as 0", () => {
    const rows = fixtureRows().filter((row) => !(row.model === "google/gemini" && row.dimension === "care"));
    const spec = modelDimensionHeatmap(rows);
    const cell = inlinedValues<HeatmapCell>(spec).find(
      (c) => c.model === "google/gemini" && c.dimension === "care",
    );
    expect(cell).toMatchObject({ mean: null, n: 0, nNull: 0 });
    expect(compileChart(spec).messages).toEqual([]);
  });

  it("applies width, height and title options", () => {
    const spec = modelDimensionHeatmap(fixtureRows(), { width: 300, height: 200, title: "MFT" });
    expect(spec).toMatchObject({ width: 300, height: 200, title: { text: "MFT" } });
  });

  it("refuses an empty row set, and rows whose scores are all null, with a typed error", () => {
    expect(() => modelDimensionHeatmap([])).toThrow(NoChartDataError);
    try {
      modelDimensionHeatmap([]);
    } catch (error) {
      expect(error).toBeInstanceOf(DiscernusError);
      expect((error as DiscernusError).code).toBe("no_data");
      expect((error as Error).message).toMatch(/^modelDimensionHeatmap: no rows to chart/);
    }
    const allNull: ChartRow[] = fixtureRows().map((row) => ({ ...row, score: null }));
    expect(() => modelDimensionHeatmap(allNull)).toThrow(/all 36 scores are null/);
  });
});
