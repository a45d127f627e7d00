import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import {
  session,
  TELEMETRY_MIME,
  type OutputBundle,
  type TelemetrySnapshot,
} from "@discernus/kernel-helpers";
import { kernelDisplay } from "../src/display/kernel-display.js";
import { analyzeStudy } from "../src/study/analyze-study.js";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
const TEXTS = ["We face the future with hope.", "Fear and anger grip our cities."];
const PLAN = { framework: "affect.json", models: ["openai/gpt-4o-mini"] };

let sim: SimServer;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ seed: 3 });
  dir = mkdtempSync(join(tmpdir(), "discernus-scope-"));
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const open = (notebook: string) => {
  writeFileSync(
    join(dir, notebook),
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  return session({
    notebook: join(dir, notebook),
    cwd: FRAMEWORKS,
    env: { SIM_KEY: "sk-sim" },
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
      },
    },
  });
};

describe("the spend a run reports to the sidebar", () => {
  it("covers this run, this notebook's ledger and every ledger in the project, skipping one that does not verify", async () => {
    const other = await open("other.ipynb");
    const first = await other.analyze(TEXTS, PLAN);
    await other.close();
    expect(first.totals.costNanoUsd).toBeGreaterThan(0);
    writeFileSync(join(dir, "broken.provenance.jsonl"), "not a ledger\n");

    const dx = await open("study.ipynb");
    const outputs: OutputBundle[] = [];
    const context = {
      gateway: dx.gateway,
      ledger: dx.ledger,
      display: kernelDisplay((bundle) => outputs.push(bundle)),
      notebookDir: FRAMEWORKS,
      notebookPath: dx.notebookPath,
      projectRoot: dir,
    };
    const run1 = await analyzeStudy(context, TEXTS.slice(0, 1), PLAN);
    const run2 = await analyzeStudy(context, TEXTS, PLAN);
    await dx.close();

    const snapshots = outputs
      .map((o) => o.data[TELEMETRY_MIME])
      .filter((d): d is string => typeof d === "string")
      .map((d) => JSON.parse(d) as TelemetrySnapshot);
    const last = snapshots.at(-1)!;
    expect(last).toMatchObject({
      run: run2.run,
      state: "done",
      budgetRefused: 0,
      simulated: ["openai/gpt-4o-mini"],
    });
    // The second run paid for the one text the first run had not answered.
    const notebookSpent = run1.totals.costNanoUsd + run2.totals.costNanoUsd;
    expect(run2.totals.costNanoUsd).toBeGreaterThan(0);
    expect(last.notebook).toEqual({
      path: "study.ipynb",
      ledger: "study.provenance.jsonl",
      spentNanoUsd: notebookSpent,
    });
    expect(last.project).toEqual({ spentNanoUsd: first.totals.costNanoUsd + notebookSpent, ledgers: 2 });
  });
});
