import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "@discernus/kernel-helpers";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { ledgerPathFor, verifyLedger } from "@discernus/provenance";
import { runDiscernus, simProviders } from "./cli-process.js";

const FRAMEWORK = new URL("../../../notebooks/frameworks/affect.json", import.meta.url).pathname;
const KEY = "sk-test-DISCERNUS-batches-9a8b7c6d";
const TEXTS = Array.from({ length: 6 }, (_, i) => ({
  id: `s${i}`,
  text: `Speech ${i}: we hope, we fear, we endure.`,
}));
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"];

let sim: SimServer;
let dir: string;
let notebook: string;

const discernus = (...args: string[]) =>
  runDiscernus(args, { cwd: dir, env: { ...process.env, SIM_KEY: KEY } });

const open = () => session({ notebook, cwd: dir, env: { SIM_KEY: KEY } });

beforeAll(async () => {
  // A simulated minute is 1 ms: batches end 1.5 s after they are created.
  sim = await startSimulator({ seed: 5, timeScale: 0.001, batch: { processingMs: 1_500_000 } });
  dir = mkdtempSync(join(tmpdir(), "discernus-batches-"));
  notebook = join(dir, "study.ipynb");
  writeFileSync(notebook, JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  writeFileSync(join(dir, "affect.json"), readFileSync(FRAMEWORK));
  writeFileSync(
    join(dir, "discernus.config.json"),
    JSON.stringify({
      providers: simProviders(sim, "SIM_KEY"),
    }),
  );
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("discernus batches", () => {
  it("lists the batches a cell left in flight, collects them from the command line, and the re-run cell pays nothing", async () => {
    const dx = await open();
    const pending = await dx.analyze(TEXTS, {
      framework: "affect.json",
      models: MODELS,
      mode: "batch",
      batch: { wait: false },
    });
    await dx.close();
    expect(new Set(pending.rows.map((r) => r.status))).toEqual(new Set(["batch_pending"]));

    const listed = await discernus("batches", "study.ipynb", "--json");
    expect(listed.code, listed.err).toBe(0);
    const inFlight = JSON.parse(listed.out) as {
      batches: { provider: string; items: number; state: string }[];
    };
    expect(inFlight.batches.map((b) => [b.provider, b.items])).toEqual([
      ["openai", TEXTS.length],
      ["anthropic", TEXTS.length],
    ]);
    expect(inFlight.batches.every((b) => b.state !== "collected")).toBe(true);

    const collected = await discernus(
      "batches",
      "study.ipynb",
      "--collect",
      "--wait",
      "--poll-interval",
      "0.05",
    );
    expect(collected.code, collected.err).toBe(0);
    expect(collected.out).toMatch(/Every batch is collected/);
    expect(collected.out).toMatch(/openai\/gpt-4o-mini\s+6\s+collected/);
    for (const text of [collected.out, collected.err, listed.out]) expect(text).not.toContain(KEY);

    const table = await discernus("batches", "study.ipynb");
    expect(table.code).toBe(0);
    expect(table.out.match(/collected/g)?.length).toBeGreaterThanOrEqual(2);
    expect((await verifyLedger(ledgerPathFor(notebook))).status).toBe("verified");

    const again = await open();
    const study = await again.analyze(TEXTS, { framework: "affect.json", models: MODELS, mode: "batch" });
    await again.close();
    expect(study.rows.every((r) => r.status === "ok")).toBe(true);
    expect(study.totals).toMatchObject({ cacheHits: 2 * TEXTS.length, costNanoUsd: 0 });
    expect(sim.stats().batch.items.openai.succeeded + sim.stats().batch.items.anthropic.succeeded).toBe(
      2 * TEXTS.length,
    );
  }, 60_000);

  it("says what is wrong with its arguments", async () => {
    const wait = await discernus("batches", "study.ipynb", "--wait");
    expect([wait.code, wait.err]).toEqual([2, expect.stringContaining("--wait goes with --collect")]);
    const none = await discernus("batches", "other.ipynb");
    expect(none.code).toBe(2);
    expect(none.err).toContain("no ledger beside the notebook");
    const interval = await discernus("batches", "study.ipynb", "--collect", "--poll-interval", "soon");
    expect(interval.err).toContain("--poll-interval is seconds");
  });
});
