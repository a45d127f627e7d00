import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  costLatency,
  modelDimensionHeatmap,
  modelScatter,
  scoreDistributions,
  VEGA_LITE_V5_SCHEMA,
} from "../../src/charts/index.js";
import { fixtureRows } from "./chart-rows.fixture.js";

const rows = fixtureRows();
const specs = {
  modelDimensionHeatmap: modelDimensionHeatmap(rows),
  modelScatter: modelScatter(rows, { x: "openai/gpt-4.1", y: "google/gemini" }),
  scoreDistributions: scoreDistributions(rows),
  costLatency: costLatency(rows),
};

describe("chart specs", () => {
  it.each(Object.entries(specs))("%s is plain JSON for a vega-lite v5 notebook output", (_name, spec) => {
    expect(spec.$schema).toBe(VEGA_LITE_V5_SCHEMA);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const text = JSON.stringify(spec);
    expect(text).not.toMatch(/"url"\s*:/);
  });

  it.each(Object.entries(specs))(
    "%s inlines only the fields it draws, not evidence or call ids",
    (_name, spec) => {
      const text = JSON.stringify(spec);
      expect(text).not.toContain("callId");
      expect(text).not.toContain("evidence");
      expect(text).not.toContain("#t1"); // the fixture's call ids
    },
  );

  it("builders import nothing from vega or vega-lite at run time", () => {
    const dir = new URL("../../src/charts/", import.meta.url);
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
      const source = readFileSync(new URL(file, dir), "utf8");
      expect(source, file).not.toMatch(/from\s+["']vega/);
    }
  });
});
