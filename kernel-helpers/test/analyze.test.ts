import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameworkInvalidError } from "@discernus/analysis";
import { UnknownModelError, UnpricedModelError } from "@discernus/gateway";
import { verifyLedger } from "@discernus/provenance";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { BudgetTooSmallError, CorpusInvalidError, session, type Session } from "@discernus/kernel-helpers";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
const TEXTS = [
  { id: "a", text: "We face the future with hope and with confidence in our people." },
  { id: "b", text: "The nation mourns; fear and anger grip our cities." },
  { id: "c", text: "The accounts of the Treasury are in good order." },
  { id: "d", text: "Our enemies are many, but our resolve is greater still." },
];
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "local/vader"];

let sim: SimServer;
let dir: string;
let dx: Session | undefined;
beforeEach(async () => {
  sim = await startSimulator({ seed: 12 });
  dir = mkdtempSync(join(tmpdir(), "discernus-analyze-"));
  writeFileSync(
    join(dir, "study.ipynb"),
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  await dx?.close();
  dx = undefined;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const open = (extra: Record<string, unknown> = {}) =>
  session({
    notebook: join(dir, "study.ipynb"),
    cwd: FRAMEWORKS,
    env: { SIM_KEY: "sk-sim" },
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
        anthropic: {
          kind: "anthropic",
          baseUrl: sim.anthropicBaseUrl,
          apiKeyEnv: "SIM_KEY",
          simulated: true,
        },
        local: { kind: "local" },
      },
    },
    ...extra,
  });

const records = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("analyze()", () => {
  it("scores every text with every model on every dimension, records the run, and a re-run is free with the same digest", async () => {
    dx = await open();
    const study = await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
    // Two LLMs fill the 4 affect dimensions; VADER fills valence only.
    expect(study.rows).toHaveLength(TEXTS.length * (2 * 4 + 1));
    expect(study.rows.every((r) => r.status === "ok" && r.score !== null)).toBe(true);
    expect(study.totals).toMatchObject({ calls: 12, cacheHits: 0, failed: 0 });
    expect(study.totals.costNanoUsd).toBeGreaterThan(0);
    expect(study.table.numRows()).toBe(36);
    expect(new Set(study.wideByModel("valence").columnNames())).toEqual(new Set(["text", ...MODELS]));
    const valence = study.agreement().valence;
    expect(valence?.coders).toEqual(MODELS);
    expect(study.charts.heatmap().$schema).toContain("vega-lite/v5");
    const requestsAfterFirst = sim.stats().totalRequests;

    const again = await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
    expect(again.totals).toMatchObject({ calls: 0, cacheHits: 12, costNanoUsd: 0 });
    expect(again.digest).toBe(study.digest);
    expect(sim.stats().totalRequests).toBe(requestsAfterFirst);
    await dx.close();

    const ledgerPath = join(dir, "study.provenance.jsonl");
    expect((await verifyLedger(ledgerPath)).status).toBe("verified");
    const ends = records(ledgerPath).filter((r) => r.type === "run" && r.phase === "end");
    expect(ends.map((r) => r.digest)).toEqual([study.digest, study.digest]);
    expect(ends[0]).toMatchObject({ run: study.run, totals: study.totals });
  });

  it("scores each text n times with repeats, reporting the median and the spread", async () => {
    dx = await open();
    const study = await dx.analyze(TEXTS.slice(0, 2), {
      framework: "affect.json",
      models: ["openai/gpt-4o-mini"],
      repeats: 3,
    });
    expect(study.totals.calls).toBe(6);
    expect(study.scores.every((s) => s.n === 3)).toBe(true);
    for (const s of study.scores) {
      const values = study.rows
        .filter((r) => r.text === s.text && r.dimension === s.dimension)
        .map((r) => r.score!)
        .sort((x, y) => x - y);
      expect(s.score).toBe(values[1]);
      expect(s.spread).toBeCloseTo(values[2]! - values[0]!, 10);
    }
  });

  it("prices a study without calling anything, and counts what the ledger already answers as free", async () => {
    dx = await open();
    const before = await dx.estimate(TEXTS, { framework: "affect.json", models: MODELS });
    expect(sim.stats().totalRequests).toBe(0);
    const gpt = before.models.find((m) => m.model === "openai/gpt-4o-mini")!;
    expect(gpt).toMatchObject({ calls: 4, cached: 0 });
    expect(gpt.expectedNanoUsd).toBeGreaterThan(0);
    expect(gpt.worstCaseNanoUsd).toBeGreaterThan(gpt.expectedNanoUsd);
    await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
    const after = await dx.estimate(TEXTS, { framework: "affect.json", models: MODELS });
    expect(after.worstCaseNanoUsd).toBe(0);
    expect(after.models.every((m) => m.cached === m.calls)).toBe(true);
  });

  it("stops before spending on the errors a researcher will hit, and says what to do", async () => {
    dx = await open({ budgetUsd: 0.000001 });
    const ask = (texts: unknown, options: Record<string, unknown> = {}) =>
      dx!.analyze(texts as never, { framework: "affect.json", models: MODELS, ...options });
    await expect(ask([])).rejects.toThrow(CorpusInvalidError);
    await expect(ask([])).rejects.toThrow(/corpus is empty/);
    await expect(ask(["fine", 42])).rejects.toThrow(/texts\[1\] is number: give a string, or \{ id, text \}/);
    await expect(ask(TEXTS, { models: ["openai/gpt-4o-mnii"] })).rejects.toThrow(UnpricedModelError);
    await expect(ask(TEXTS, { models: ["openai/gpt-4o-mnii"] })).rejects.toThrow(
      /Did you mean "openai\/gpt-4o-mini"\?/,
    );
    await expect(ask(TEXTS, { models: ["opneai/gpt-4o-mini"] })).rejects.toThrow(UnknownModelError);
    writeFileSync(
      join(dir, "typo.json"),
      readFileSync(join(FRAMEWORKS, "affect.json"), "utf8").replace('"definition"', '"defintion"'),
    );
    await expect(ask(TEXTS, { framework: join(dir, "typo.json") })).rejects.toThrow(FrameworkInvalidError);
    await expect(ask(TEXTS, { framework: join(dir, "typo.json") })).rejects.toThrow(/defintion/);
    await expect(
      ask(TEXTS, { framework: "populism-pluralism.json", models: ["local/vader"] }),
    ).rejects.toThrow(/lexicon instrument: it measures sentiment only/);
    const budget = ask(TEXTS);
    await expect(budget).rejects.toThrow(BudgetTooSmallError);
    await expect(budget).rejects.toThrow(/Nothing was sent\. Raise the budget/);
    expect(sim.stats().totalRequests).toBe(0);
  });
});
