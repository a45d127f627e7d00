import { afterEach, describe, expect, it, vi } from "vitest";
import { compare } from "../src/commands/compare.js";
import { pearson } from "../src/pearson.js";

afterEach(() => vi.restoreAllMocks());

describe("discernus compare", () => {
  it("scores every text with every model, prices them, and re-runs from the cache at $0", async () => {
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
    const code = await compare({ texts: 4, json: true });
    const report = JSON.parse(out.join("\n")) as {
      texts: { year: number; scores: Record<string, number | null> }[];
      models: {
        model: string;
        calls: number;
        costNanoUsd: number;
        priceSource: string;
        simulated: boolean;
      }[];
      failures: unknown[];
      rerun: { costUsd: number; providerCalls: number };
      totalCostUsd: number;
    };
    expect(code).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.texts).toHaveLength(4);
    expect(report.texts[0]?.year).toBe(1790);
    for (const t of report.texts)
      for (const score of Object.values(t.scores)) expect(score).toBeGreaterThanOrEqual(-1);
    const byModel = Object.fromEntries(report.models.map((m) => [m.model, m]));
    expect(byModel["local/vader"]?.costNanoUsd).toBe(0);
    expect(byModel["openai/gpt-4o-mini"]?.costNanoUsd).toBeGreaterThan(0);
    expect(byModel["openai/gpt-4o-mini"]?.simulated).toBe(true);
    expect(byModel["openai/gpt-4o-mini"]?.priceSource).toMatch(/^@pydantic\/genai-prices@\d/);
    expect(report.totalCostUsd * 1e9).toBeCloseTo(
      report.models.reduce((s, m) => s + m.costNanoUsd, 0),
      0,
    );
    expect(report.rerun).toEqual({ costUsd: 0, providerCalls: 0 });
  }, 30_000);
});

describe("pearson", () => {
  it("matches a hand-computed r and skips missing pairs", () => {
    // x = 1..5, y = 2,4,5,4,5: r = 0.7746 (sxy 6, sxx 10, syy 6.0 -> 6 / sqrt(60)).
    expect(pearson([1, 2, 3, 4, 5, undefined], [2, 4, 5, 4, 5, 9])).toBeCloseTo(0.7746, 4);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeUndefined();
    expect(pearson([1, 2], [1, 2])).toBeUndefined();
  });
});
