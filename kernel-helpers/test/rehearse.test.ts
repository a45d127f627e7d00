import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@discernus/provenance";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { projectSpend, session, type Session } from "@discernus/kernel-helpers";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
// 60 short texts x 3 repeats: 180 calls per model, three minutes' worth at 60 requests a minute.
const TEXTS = Array.from({ length: 60 }, (_, i) => ({
  id: `t${i}`,
  text: `Speech ${i}: we face the future with hope, and some fear, for our ${i} cities.`,
}));
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "local/vader"];

// Stands in for the real providers: a rehearsal must never reach it.
let real: SimServer;
let dir: string;
let dx: Session | undefined;
beforeEach(async () => {
  real = await startSimulator({ seed: 6 });
  dir = mkdtempSync(join(tmpdir(), "discernus-rehearse-"));
  writeFileSync(
    join(dir, "study.ipynb"),
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  await dx?.close();
  dx = undefined;
  await real.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const open = () =>
  session({
    notebook: join(dir, "study.ipynb"),
    cwd: FRAMEWORKS,
    env: { REAL_KEY: "sk-real" },
    config: {
      providers: {
        openai: {
          kind: "openai",
          baseUrl: real.openaiBaseUrl,
          apiKeyEnv: "REAL_KEY",
          limits: { "gpt-4o-mini": { requestsPerMinute: 60 } },
        },
        anthropic: { kind: "anthropic", baseUrl: real.anthropicBaseUrl, apiKeyEnv: "REAL_KEY" },
        local: { kind: "local" },
      },
      budget: { capUsd: 0.000001 },
    },
  });

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("rehearse()", () => {
  it("projects wall time from the configured limits on a compressed clock, and batch cost at half, spending nothing", async () => {
    dx = await open();
    const notebookLedger = readFileSync(dx.ledgerPath, "utf8");
    const started = Date.now();
    const rehearsal = await dx.rehearse(TEXTS, {
      framework: "affect.json",
      models: MODELS,
      repeats: 3,
      targetSeconds: 10,
    });
    const realSeconds = (Date.now() - started) / 1000;
    const row = (mode: string, model: string) =>
      rehearsal.rows.find((r) => r.mode === mode && r.model === model)!;

    // A bucket of 60 starts full, then refills at one a second: the last of 180 calls goes at about 120 s.
    const gpt = row("interactive", "openai/gpt-4o-mini");
    expect(gpt.calls).toBe(180);
    expect(gpt.wallSeconds).toBeGreaterThanOrEqual(115);
    expect(gpt.wallSeconds).toBeLessThan(200);
    expect(row("interactive", "all").wallSeconds).toBeGreaterThanOrEqual(gpt.wallSeconds);
    expect(rehearsal.assumptions.timeCompression).toBeGreaterThanOrEqual(10);
    expect(rehearsal.assumptions.limits["openai/gpt-4o-mini"]).toEqual({ requestsPerMinute: 60 });
    expect(rehearsal.assumptions.limits["anthropic/claude-3-5-haiku-latest"]).toBe("none");
    expect(realSeconds).toBeLessThan(30);
    console.info(
      `rehearsal: k=${rehearsal.assumptions.timeCompression}, measured ${rehearsal.measuredSeconds.toFixed(2)} s, ` +
        rehearsal.rows
          .map((r) => `${r.mode} ${r.model}: ${r.calls} calls ${r.cost} ${r.wallSeconds.toFixed(1)} s`)
          .join("; "),
    );

    expect(rehearsal.assumptions.batchMethod).not.toContain("could not be rehearsed");
    // Batch: the same usage at the providers' 50% discount (rounded per token kind), a day at worst.
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]) {
      const live = row("interactive", model);
      const batch = row("batch", model);
      expect(live.costNanoUsd).toBeGreaterThan(0);
      expect(Math.abs(2 * batch.costNanoUsd - live.costNanoUsd)).toBeLessThanOrEqual(live.calls * 5);
      expect(batch.worstWallSeconds).toBe(24 * 3600);
    }
    expect(row("batch", "local/vader").costNanoUsd).toBe(0);

    // Nothing reached the real provider and the notebook's ledger did not change; no budget applied.
    expect(real.stats().totalRequests).toBe(0);
    expect(readFileSync(dx.ledgerPath, "utf8")).toBe(notebookLedger);
    expect(rehearsal.ledgerPath).toBe(join(dir, "study.rehearsal.provenance.jsonl"));
    expect((await verifyLedger(rehearsal.ledgerPath)).status).toBe("verified");
    const calls = lines(rehearsal.ledgerPath).filter((r) => r.type === "call");

    expect(calls.every((r) => r.simulated === true)).toBe(true);
    // The study also went through the batch path against the simulator: one more call record per
    // batched item, billed at the discount: near the computed figure (prompt-cache hits differ a
    // little between concurrent interactive calls and a batch's items), far from the full price.
    const batched = calls.filter((r) => r.batch !== undefined);
    expect(batched.length).toBe(360);
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]) {
      const computed = row("batch", model).costNanoUsd;
      const billed = row("batch", model).batchPathCostNanoUsd!;
      expect(Math.abs(billed - computed) / computed).toBeLessThan(0.2);
      expect(billed).toBeLessThan(row("interactive", model).costNanoUsd * 0.7);
    }

    // A rehearsal's simulated cost is never project spend.
    const spend = await projectSpend(dir, join(dir, "other.provenance.jsonl"));
    expect(spend).toMatchObject({ ledgers: 1, spentNanoUsd: 0, unreadable: [] });
  }, 60_000);
});
