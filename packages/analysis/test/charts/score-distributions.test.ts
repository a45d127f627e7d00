import { DiscernusError } from "@discernus/gateway";
import { describe, expect, it } from "vitest";
import {
  NoChartDataError,
  scoreDistributions,
  type ChartRow,
  type ScoreBox,
  type ScoreOutlier,
} from "../../src/charts/index.js";
import { fixtureRows } from "./chart-rows.fixture.js";
import { compileChart, drawnData, inlinedValues, markTypes, runChart, schemaErrors } from "./compile-spec.js";

type Datum = ScoreBox | ScoreOutlier;
const boxes = (rows: readonly ChartRow[]) =>
  inlinedValues<Datum>(scoreDistributions(rows)).filter((d): d is ScoreBox => d.kind === "box");
const outliers = (rows: readonly ChartRow[]) =>
  inlinedValues<Datum>(scoreDistributions(rows)).filter((d): d is ScoreOutlier => d.kind === "outlier");

/** One model's scores on one dimension, one text each. */
function scored(scores: readonly (number | null)[], model = "m", dimension = "d"): ChartRow[] {
  return scores.map((score, i) => ({
    text: `t${i}`,
    model,
    dimension,
    score,
    callId: `${model}${i}`,
    costNanoUsd: 0,
    latencyMs: 1,
    cached: false,
  }));
}

describe("scoreDistributions", () => {
  it("compiles with vega-lite without warnings, validates against its schema, and draws boxes per dimension", () => {
    const spec = scoreDistributions(fixtureRows());
    const { vega, messages } = compileChart(spec);
    expect(messages).toEqual([]);
    expect(schemaErrors(spec)).toEqual([]);
    // whisker rule, box, median tick (a rect), outlier points
    expect(markTypes(vega)).toEqual(["rule", "rect", "rect", "symbol"]);
    expect(spec.facet).toMatchObject({ field: "dimension", sort: ["care", "fairness", "loyalty"] });
  });

  it("puts whiskers at the furthest scores within 1.5 IQR and names the texts beyond them", () => {
    // q1 2, q3 3.25: fences -0.125 and 5.125, so 10 is an outlier and the upper whisker stops at 4
    const rows = scored([1, 2, 2, 3, 3, 3, 4, 10]);
    expect(boxes(rows)).toEqual([
      {
        kind: "box",
        model: "m",
        dimension: "d",
        n: 8,
        nNull: 0,
        lower: 1,
        q1: 2,
        median: 3,
        q3: 3.25,
        upper: 4,
        mean: 3.5,
      },
    ]);
    expect(outliers(rows)).toEqual([{ kind: "outlier", model: "m", dimension: "d", text: "t7", score: 10 }]);
  });

  it("computes the same quartiles as vega's own q1, median and q3 aggregates", async () => {
    const rows = fixtureRows();
    const reference = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: rows.map(({ model, dimension, score }) => ({ model, dimension, score })) },
      transform: [
        {
          aggregate: [
            { op: "q1", field: "score", as: "q1" },
            { op: "median", field: "score", as: "median" },
            { op: "q3", field: "score", as: "q3" },
          ],
          groupby: ["model", "dimension"],
        },
      ],
      mark: "point",
      encoding: { x: { field: "median", type: "quantitative" }, y: { field: "model", type: "nominal" } },
    } as const;
    const { view, vega } = await runChart(reference);
    const theirs = drawnData(view, vega, "symbol");
    view.finalize();
    const ours = boxes(rows);
    expect(ours).toHaveLength(theirs.length);
    for (const box of ours) {
      const match = theirs.find((t) => t.model === box.model && t.dimension === box.dimension);
      for (const field of ["q1", "median", "q3"] as const)
        expect(box[field]).toBeCloseTo(match?.[field] as number, 12);
    }
  });

  it("excludes null scores and counts them, per box and in the subtitle", () => {
    const rows = fixtureRows();
    const box = boxes(rows).find((b) => b.model === "openai/gpt-4.1" && b.dimension === "care");
    expect(box).toMatchObject({ n: 3, nNull: 1 });
    expect(JSON.stringify(scoreDistributions(rows).title)).toContain("2 null scores excluded");
  });

  it("inlines a few numbers per box, not every score", () => {
    const rows = scored(Array.from({ length: 500 }, (_, i) => i % 11));
    expect(inlinedValues(scoreDistributions(rows))).toHaveLength(1);
  });

  it("comes out the same whatever the order of the rows", () => {
    const rows = fixtureRows();
    expect(JSON.stringify(scoreDistributions([...rows].reverse()))).toBe(
      JSON.stringify(scoreDistributions(rows)),
    );
  });

  it("applies the score range, panel size, columns and title options", () => {
    const spec = scoreDistributions(fixtureRows(), {
      scoreRange: [-2, 2],
      width: 180,
      height: 90,
      columns: 2,
      title: "Spread",
    });
    expect(spec).toMatchObject({ columns: 2, title: { text: "Spread" }, spec: { width: 180, height: 90 } });
    expect(JSON.stringify(spec.spec)).toContain('"domain":[-2,2]');
    expect(compileChart(spec).messages).toEqual([]);
  });

  it("refuses an empty row set, and rows whose scores are all null, with a typed error", () => {
    expect(() => scoreDistributions([])).toThrow(NoChartDataError);
    try {
      scoreDistributions(scored([null, null]));
    } catch (error) {
      expect(error).toBeInstanceOf(DiscernusError);
      expect((error as DiscernusError).code).toBe("no_data");
      expect((error as Error).message).toContain("all 2 scores are null");
    }
  });
});
