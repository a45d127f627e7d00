import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@discernus/provenance";
import { DEFAULT_MODELS, startSimulator, type SimServer } from "@discernus/provider-sim";
import { driftSample } from "../src/drift/drift-sample.js";
import {
  DriftFrameworkMismatchError,
  DriftTooCostlyError,
  session,
  type Session,
} from "@discernus/kernel-helpers";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
const TEXTS = Array.from({ length: 12 }, (_, i) => ({
  id: `t${i}`,
  text: `Speech ${i}: ${["hope and confidence", "fear and anger", "calm accounts", "resolve against enemies"][i % 4]} in our nation, said for the ${i}th time.`,
}));
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "openai/gpt-4o"];
const SEED = 7;

const sims: SimServer[] = [];
let dir: string;
let dx: Session | undefined;
afterEach(async () => {
  await dx?.close();
  dx = undefined;
  for (const s of sims.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A simulator serving the default models, with `revised` answering from a new revision. */
async function sim(revised?: string): Promise<SimServer> {
  const s = await startSimulator({
    seed: SEED,
    models: DEFAULT_MODELS.map((m) => (m.id === revised ? { ...m, revision: 1 } : m)),
  });
  sims.push(s);
  return s;
}

const open = (s: SimServer) =>
  session({
    notebook: join(dir, "study.ipynb"),
    cwd: FRAMEWORKS,
    env: { SIM_KEY: "sk-sim" },
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: s.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
        anthropic: { kind: "anthropic", baseUrl: s.anthropicBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
      },
    },
  });

// Lines of several record types, read loosely: the assertions name the fields they rely on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LedgerLine = Record<string, any>;
const ledgerRecords = () =>
  readFileSync(join(dir, "study.provenance.jsonl"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as LedgerLine);

/** Runs the study against a sim whose models are all at revision 0, and returns its run id. */
async function recordStudy(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), "discernus-drift-"));
  writeFileSync(
    join(dir, "study.ipynb"),
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  vi.spyOn(console, "log").mockImplementation(() => {});
  dx = await open(await sim());
  const study = await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
  expect(study.rows.every((r) => r.status === "ok")).toBe(true);
  await dx.close();
  dx = undefined;
  return study.run;
}

describe("dx.drift()", () => {
  it("reports the model whose answers changed, and not the others; the live calls are a drift run in the ledger", async () => {
    const checked = await recordStudy();
    const revised = await sim("gpt-4o-mini");
    dx = await open(revised);
    const shown: string[] = [];
    vi.spyOn(console, "log").mockImplementation((text: string) => void shown.push(text));
    const drift = await dx.drift({ framework: "affect.json", sample: 8 });
    // The estimate first, then the summary with the tables, then the chart (its text fallback here).
    expect(shown[0]).toMatch(
      /^drift check of run .*: 8 sampled texts, 24 calls to ask again live; worst case/,
    );
    expect(shown[1]).toMatch(/answers changed for: openai\/gpt-4o-mini\n/);
    expect(shown[1]).toMatch(/alpha recorded/);
    expect(shown[2]).toMatch(
      /Share of answers that changed when asked again: vega-lite chart with 12 data rows/,
    );

    expect(drift.of).toBe(checked);
    expect(drift.items).toHaveLength(8);
    expect(drift.estimate.calls).toBe(8 * MODELS.length);
    expect(drift.estimate.worstCaseNanoUsd).toBeGreaterThan(drift.estimate.expectedNanoUsd);
    const share = (model: string) => {
      const rows = drift.rows.filter((r) => r.model === model);
      return rows.reduce((s, r) => s + r.changed, 0) / rows.reduce((s, r) => s + r.n, 0);
    };
    expect(share("openai/gpt-4o-mini")).toBeGreaterThan(0.3);
    expect(share("anthropic/claude-3-5-haiku-latest")).toBe(0);
    expect(share("openai/gpt-4o")).toBe(0);
    expect(drift.drifted).toEqual(["openai/gpt-4o-mini"]);
    for (const r of drift.rows.filter((r) => r.model !== "openai/gpt-4o-mini"))
      expect(r).toMatchObject({ n: 8, changed: 0, shareChanged: 0, meanAbsChange: 0, lower: 0, upper: 0 });
    for (const r of drift.rows.filter((r) => r.model === "openai/gpt-4o-mini" && r.changed > 0)) {
      expect(r.meanAbsChange).toBeGreaterThan(0);
      expect(r.lower!).toBeLessThanOrEqual(r.meanAbsChange!);
      expect(r.upper!).toBeGreaterThanOrEqual(r.meanAbsChange!);
    }
    expect(drift.agreement.length).toBeGreaterThan(0);
    for (const a of drift.agreement) {
      expect(a.models).toBe(3);
      expect(["holds", "changed", "undefined"]).toContain(a.verdict);
    }
    expect(drift.rule).toMatch(/inside the 95% bootstrap interval of the recorded alpha/);
    expect(drift.chart?.$schema).toMatch(/vega-lite\/v5/);
    // Every request reached the revised sim once: 24 calls, all answered.
    expect(revised.stats().totalRequests).toBe(24);
    expect(drift.totals).toMatchObject({ calls: 24, failed: 0 });

    const records = ledgerRecords();
    const driftCalls = records.filter((r) => r.type === "call" && r.tags?.run === drift.run);
    expect(driftCalls).toHaveLength(24);
    for (const c of driftCalls) {
      expect(c.tags.drift).toBe(checked);
      const recorded = records.find((r) => r.type === "call" && r.call === c.tags.recorded);
      // The same request as recorded: same hash, same messages and parameters.
      expect(c.cacheKey).toBe(recorded?.cacheKey);
      expect(c.request).toEqual(recorded?.request);
    }
    const runRecords = records.filter((r) => r.type === "run" && r.run === drift.run);
    expect(runRecords.map((r) => [r.phase, r.kind, r.of])).toEqual([
      ["start", "drift", checked],
      ["end", "drift", checked],
    ]);
    expect(runRecords[1]?.totals).toMatchObject({ calls: 24, cacheHits: 0, failed: 0 });
    expect((await verifyLedger(join(dir, "study.provenance.jsonl"))).status).toBe("verified");

    // The drifted answers are evidence, not answers to serve: the study re-runs from its own calls.
    const again = await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
    expect(again.totals).toMatchObject({ calls: 0, cacheHits: 36 });
    // And the next drift check still checks the study, not the drift run.
    const next = await dx.drift({ framework: "affect.json", sample: 2, models: ["openai/gpt-4o"] });
    expect(next.of).toBe(again.run);
  });

  it("shows the estimate and sends nothing in a dry run; refuses a sample above maxUsd and a framework the run did not use", async () => {
    await recordStudy();
    const revised = await sim("gpt-4o-mini");
    dx = await open(revised);
    const shown: string[] = [];
    vi.spyOn(console, "log").mockImplementation((text: string) => void shown.push(text));
    const dry = await dx.drift({ framework: "affect.json", dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, run: undefined, rows: [] });
    expect(dry.items).toHaveLength(TEXTS.length);
    expect(dry.estimate.calls).toBe(TEXTS.length * MODELS.length);
    expect(shown.join("\n")).toMatch(/36 calls to ask again live; worst case \$0\.\d+, expected \$0\.\d+/);
    await expect(dx.drift({ framework: "affect.json", maxUsd: 1e-6 })).rejects.toThrow(DriftTooCostlyError);
    await expect(dx.drift({ framework: "populism-pluralism.json" })).rejects.toThrow(
      DriftFrameworkMismatchError,
    );
    await expect(dx.drift({ framework: "affect.json", models: ["openai/gpt-5"] })).rejects.toThrow(
      /has no model openai\/gpt-5/,
    );
    expect(revised.stats().totalRequests).toBe(0);
    expect(ledgerRecords().filter((r) => r.type === "run" && r.kind === "drift")).toEqual([]);
  });

  it("refuses a ledger kept in hash mode, naming the fix", async () => {
    dir = mkdtempSync(join(tmpdir(), "discernus-drift-"));
    writeFileSync(join(dir, "study.ipynb"), "{}");
    vi.spyOn(console, "log").mockImplementation(() => {});
    const s = await sim();
    dx = await session({
      notebook: join(dir, "study.ipynb"),
      cwd: FRAMEWORKS,
      env: { SIM_KEY: "sk-sim" },
      store: "hash",
      config: {
        providers: {
          openai: { kind: "openai", baseUrl: s.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
        },
      },
    });
    await dx.analyze(TEXTS.slice(0, 3), { framework: "affect.json", models: ["openai/gpt-4o-mini"] });
    await expect(dx.drift({ framework: "affect.json" })).rejects.toThrow(/store "full"/);
  });
});

describe("driftSample", () => {
  it("picks the same texts for the same seed whatever their order, other texts for another seed, all when there are fewer", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `text-${i}`);
    const a = driftSample(ids, 10, 1);
    expect(a).toHaveLength(10);
    expect(driftSample([...ids].reverse(), 10, 1)).toEqual(a);
    expect(driftSample(ids, 10, 2)).not.toEqual(a);
    expect(driftSample(ids.slice(0, 5), 10, 1)).toEqual([...ids.slice(0, 5)].sort());
  });
});
