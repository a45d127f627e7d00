import { DiscernusError } from "@discernus/gateway";
import { describe, expect, it } from "vitest";
import {
  costLatency,
  NoChartDataError,
  type ChartRow,
  type ModelCallSummary,
  type ModelCost,
} from "../../src/charts/index.js";
import { fixtureRows } from "./chart-rows.fixture.js";
import { compileChart, markTypes, runChart, schemaErrors } from "./compile-spec.js";

type Panel = { data: { values: unknown[] } };
const panels = (spec: ReturnType<typeof costLatency>) => spec.hconcat as [Panel, Panel];
const costs = (rows: readonly ChartRow[]) => panels(costLatency(rows))[0].data.values as ModelCost[];
const latencies = (rows: readonly ChartRow[]) =>
  panels(costLatency(rows))[1].data.values as ModelCallSummary[];

describe("costLatency", () => {
  it("compiles with vega-lite without warnings, validates against its schema, and draws both panels", async () => {
    const spec = costLatency(fixtureRows());
    const { vega, messages } = compileChart(spec);
    expect(messages).toEqual([]);
    expect(schemaErrors(spec)).toEqual([]);
    // cost: bars and labels; latency: median bars, p90 ticks (rects) and labels
    expect(markTypes(vega)).toEqual(["rect", "text", "rect", "rect", "text"]);
    const { view } = await runChart(spec);
    const svg = await view.toSVG();
    view.finalize();
    expect(svg).toContain(">cached · n=1 · 2 / 2 ms<");
  });

  it("reports cost in USD, counting each call once however many dimensions it scored", () => {
    // Each call has three rows (care, fairness, loyalty) carrying the call's whole cost.
    expect(costs(fixtureRows())).toEqual([
      { model: "anthropic/claude", costUsd: 0.008, costLabel: "$0.008" },
      { model: "google/gemini", costUsd: 0.0012, costLabel: "$0.0012" },
      { model: "openai/gpt-4.1", costUsd: 0.005, costLabel: "$0.005" },
    ]);
    expect(JSON.stringify(costLatency(fixtureRows()).title)).toContain(
      "12 calls, 1 of them cached (at $0); $0.0142 in all",
    );
  });

  it("sums integer nano-USD before converting, so ten $0.10 calls make exactly $1", () => {
    const rows: ChartRow[] = Array.from({ length: 10 }, (_, i) => ({
      text: `t${i}`,
      model: "m",
      dimension: "d",
      score: 1,
      callId: `c${i}`,
      costNanoUsd: 100_000_000,
      latencyMs: 10,
      cached: false,
    }));
    expect(costs(rows)).toEqual([{ model: "m", costUsd: 1, costLabel: "$1" }]);
  });

  it("summarises cached calls apart from live ones: no cost, their own latency", () => {
    const gemini = latencies(fixtureRows()).filter((s) => s.model === "google/gemini");
    expect(gemini).toEqual([
      // live calls for t1-t3: 600 + 100 x text number
      {
        model: "google/gemini",
        status: "live",
        calls: 3,
        costUsd: 0.0012,
        medianLatencyMs: 800,
        p90LatencyMs: 880,
      },
      { model: "google/gemini", status: "cached", calls: 1, costUsd: 0, medianLatencyMs: 2, p90LatencyMs: 2 },
    ]);
  });

  it("takes median and p90 latency per call with linear interpolation", () => {
    const gpt = latencies(fixtureRows()).find((s) => s.model === "openai/gpt-4.1");
    // 1000, 1100, 1200, 1300 ms: p90 sits 0.7 of the way from 1200 to 1300
    expect(gpt).toMatchObject({ calls: 4, medianLatencyMs: 1150, p90LatencyMs: 1270 });
  });

  it("comes out the same whatever the order of the rows", () => {
    const rows = fixtureRows();
    expect(JSON.stringify(costLatency([...rows].reverse()))).toBe(JSON.stringify(costLatency(rows)));
  });

  it("refuses an empty row set with a typed error", () => {
    expect(() => costLatency([])).toThrow(NoChartDataError);
    try {
      costLatency([]);
    } catch (error) {
      expect(error).toBeInstanceOf(DiscernusError);
      expect((error as DiscernusError).code).toBe("no_data");
    }
  });
});
