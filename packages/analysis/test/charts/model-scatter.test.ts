import { DiscernusError } from "@discernus/gateway";
import { describe, expect, it } from "vitest";
import { modelScatter, NoChartDataError, type ChartRow, type ScatterPoint } from "../../src/charts/index.js";
import { fixtureRows } from "./chart-rows.fixture.js";
import { compileChart, drawnData, markTypes, runChart, schemaErrors } from "./compile-spec.js";

const GPT = "openai/gpt-4.1";
const CLAUDE = "anthropic/claude";
const GEMINI = "google/gemini";

type Layer = {
  data: { values: unknown[] };
  transform?: unknown[];
  encoding: Record<string, { field?: string }>;
};
const layers = (spec: ReturnType<typeof modelScatter>) => spec.layer as Layer[];
const points = (spec: ReturnType<typeof modelScatter>) => layers(spec)[1]?.data.values as ScatterPoint[];

/** A text's score from one model on one dimension, straight from the rows. */
function scoreOf(rows: readonly ChartRow[], text: string, model: string, dimension: string): number | null {
  return (
    rows.find((row) => row.text === text && row.model === model && row.dimension === dimension)?.score ?? null
  );
}

describe("modelScatter", () => {
  it("compiles with vega-lite without warnings, validates against its schema, and draws a line and points", () => {
    const spec = modelScatter(fixtureRows(), { x: GPT, y: GEMINI });
    const { vega, messages } = compileChart(spec);
    expect(messages).toEqual([]);
    expect(schemaErrors(spec)).toEqual([]);
    expect(markTypes(vega)).toEqual(["line", "symbol"]);
  });

  it("pairs each text's x-model score with the y-model's score for the same text and dimension", () => {
    const rows = fixtureRows();
    const pairs = points(modelScatter(rows, { x: GPT, y: GEMINI }));
    expect(pairs).toHaveLength(11); // 12 text x dimension pairs, less gpt's null on t4/care
    for (const pair of pairs) {
      expect(pair.x).toBe(scoreOf(rows, pair.text, GPT, pair.dimension));
      expect(pair.y).toBe(scoreOf(rows, pair.text, GEMINI, pair.dimension));
    }
    // Swapping the axes swaps the scores.
    const swapped = points(modelScatter(rows, { x: GEMINI, y: GPT }));
    expect(swapped.map((p) => [p.text, p.dimension, p.y, p.x])).toEqual(
      pairs.map((p) => [p.text, p.dimension, p.x, p.y]),
    );
  });

  it("excludes pairs where either model's score is null and counts them in the subtitle", () => {
    const spec = modelScatter(fixtureRows(), { x: GPT, y: CLAUDE });
    expect(points(spec)).toHaveLength(10);
    expect(points(spec).some((p) => p.text === "t4" && p.dimension === "care")).toBe(false);
    expect(points(spec).some((p) => p.text === "t1" && p.dimension === "loyalty")).toBe(false);
    expect(JSON.stringify(spec.title)).toContain("2 pairs with a null or missing score excluded");
  });

  it("draws the y = x line across the shared score domain of both axes", () => {
    const spec = modelScatter(fixtureRows(), { x: GPT, y: GEMINI, scoreRange: [-1, 1] });
    const [line, dots] = layers(spec);
    expect(line?.data.values).toEqual([{ score: -1 }, { score: 1 }]);
    expect(line?.encoding.x?.field).toBe("score");
    expect(line?.encoding.y?.field).toBe("score");
    expect(dots?.encoding.x).toMatchObject({ scale: { domain: [-1, 1] } });
    expect(dots?.encoding.y).toMatchObject({ scale: { domain: [-1, 1] } });
    expect(spec.width).toBe(spec.height);
  });

  it("names the text in the tooltip and colours points by dimension in sorted order", () => {
    const dots = layers(modelScatter(fixtureRows(), { x: GPT, y: GEMINI }))[1];
    const tooltip = (dots?.encoding.tooltip as unknown as { field: string; title: string }[]).map(
      (t) => t.field,
    );
    expect(tooltip).toEqual(["text", "dimension", "x", "y"]);
    expect(dots?.encoding.color).toMatchObject({
      field: "dimension",
      scale: { domain: ["care", "fairness", "loyalty"] },
    });
  });

  it("keeps to one dimension when asked", () => {
    const pairs = points(modelScatter(fixtureRows(), { x: GPT, y: GEMINI, dimension: "fairness" }));
    expect(pairs.map((p) => p.text)).toEqual(["t1", "t2", "t3", "t4"]);
    expect(new Set(pairs.map((p) => p.dimension))).toEqual(new Set(["fairness"]));
  });

  it("spreads tied points the same way on every draw, within the step, keeping the exact scores", async () => {
    // Two models agreeing on a 1-5 scale: 30 texts on 5 positions.
    const rows: ChartRow[] = [];
    for (let t = 0; t < 30; t += 1) {
      for (const model of [GPT, CLAUDE]) {
        const score = 1 + (t % 5);
        rows.push({
          text: `t${t}`,
          model,
          dimension: "care",
          score,
          callId: `${model}${t}`,
          costNanoUsd: 0,
          latencyMs: 1,
          cached: false,
        });
      }
    }
    const spec = modelScatter(rows, { x: GPT, y: CLAUDE });
    expect(compileChart(spec).messages).toEqual([]);
    expect(JSON.stringify(spec.title)).toContain("spread by up to ±0.35");
    const drawn = async () => {
      const { view, vega } = await runChart(spec);
      // Through JSON: vega tags each datum with an id that differs between views.
      const data = JSON.parse(JSON.stringify(drawnData(view, vega, "symbol"))) as Record<string, number>[];
      view.finalize();
      return data;
    };
    const first = await drawn();
    expect(await drawn()).toEqual(first);
    expect(new Set(first.map((d) => `${d.xJitter},${d.yJitter}`)).size).toBe(30);
    for (const datum of first) {
      expect(Math.abs(datum.xJitter! - datum.x!)).toBeLessThanOrEqual(0.35);
      expect(Math.abs(datum.yJitter! - datum.y!)).toBeLessThanOrEqual(0.35);
    }
    // Without ties, points sit exactly on their scores.
    expect(layers(modelScatter(fixtureRows(), { x: GPT, y: CLAUDE }))[1]?.transform).toBeUndefined();
  });

  it("refuses an empty row set, an unknown model and models with no common text, with typed errors", () => {
    expect(() => modelScatter([], { x: GPT, y: GEMINI })).toThrow(NoChartDataError);
    try {
      modelScatter(fixtureRows(), { x: GPT, y: "openai/gpt-5" });
    } catch (error) {
      expect(error).toBeInstanceOf(DiscernusError);
      expect((error as DiscernusError).code).toBe("no_data");
      expect((error as Error).message).toContain(`no rows for model "openai/gpt-5"`);
      expect((error as Error).message).toContain(GEMINI);
    }
    const disjoint = fixtureRows().filter(
      (row) => (row.model === GPT && row.text === "t1") || (row.model === GEMINI && row.text === "t2"),
    );
    expect(() => modelScatter(disjoint, { x: GPT, y: GEMINI })).toThrow(
      /no text has a non-null score from both/,
    );
  });
});
