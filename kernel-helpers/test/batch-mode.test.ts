import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@discernus/provenance";
import { startSimulator, type SimConfig, type SimServer } from "@discernus/provider-sim";
import { BudgetTooSmallError, session, type Session } from "@discernus/kernel-helpers";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
const KERNEL_HELPERS = new URL("../dist/index.js", import.meta.url).pathname;
const TEXTS = Array.from({ length: 12 }, (_, i) => ({
  id: `t${i}`,
  text: `Speech ${i}: ${["hope and confidence", "fear and anger", "calm accounts", "resolve against enemies"][i % 4]} in our nation, said for the ${i}th time.`,
}));
const LLMS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"];

let sim: SimServer | undefined;
let dir: string;
let dx: Session | undefined;
afterEach(async () => {
  await dx?.close();
  dx = undefined;
  await sim?.close();
  sim = undefined;
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** A sim whose batches take `processingMs` of real time (timeScale 1/1000 of a simulated minute). */
async function start(batch: SimConfig["batch"] = {}): Promise<SimServer> {
  sim = await startSimulator({ seed: 7, timeScale: 0.001, batch: { processingMs: 300_000, ...batch } });
  dir = mkdtempSync(join(tmpdir(), "discernus-batch-"));
  writeFileSync(
    join(dir, "study.ipynb"),
    JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  vi.spyOn(console, "log").mockImplementation(() => {});
  return sim;
}

const configFor = (s: SimServer, budget?: number) => ({
  providers: {
    openai: { kind: "openai", baseUrl: s.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
    anthropic: { kind: "anthropic", baseUrl: s.anthropicBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
    local: { kind: "local" },
  },
  ...(budget !== undefined ? { budget: { capUsd: budget } } : {}),
});

const open = (notebook = "study.ipynb", budget?: number) =>
  session({
    notebook: join(dir, notebook),
    cwd: FRAMEWORKS,
    env: { SIM_KEY: "sk-sim" },
    config: configFor(sim!, budget),
  });

// Lines of several record types, read loosely: the assertions name the fields they rely on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LedgerLine = Record<string, any>;

const ledgerRecords = (notebook = "study.ipynb") =>
  readFileSync(join(dir, `${notebook.replace(/\.ipynb$/, "")}.provenance.jsonl`), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as LedgerLine);

const batchOptions = { mode: "batch" as const, batch: { pollIntervalMs: 50 } };

describe("analyze({ mode: 'batch' })", () => {
  it("runs the LLM calls through both Batch APIs, records every step, costs half of interactive, and a re-run is free", async () => {
    const s = await start();
    dx = await open();
    const study = await dx.analyze(TEXTS, {
      framework: "affect.json",
      models: [...LLMS, "local/vader"],
      ...batchOptions,
    });
    expect(study.rows.every((r) => r.status === "ok" && r.score !== null)).toBe(true);
    // No chat completion or message went to the providers: the LLM calls were batch items.
    expect(s.stats().byStatus).toEqual({});
    const items = s.stats().batch.items;
    expect(items.openai.succeeded).toBe(TEXTS.length);
    expect(items.anthropic.succeeded).toBe(TEXTS.length);

    const records = ledgerRecords();
    const batches = records.filter((r) => r.type === "batch");
    const submitted = batches.filter((r) => r.action === "submitted");
    expect(submitted.map((r) => r.provider).sort()).toEqual(["anthropic", "openai"]);
    expect(submitted.find((r) => r.provider === "openai")?.model).toBe("openai/gpt-4o-mini");
    expect(batches.filter((r) => r.action === "polled").length).toBeGreaterThanOrEqual(2);
    const collected = batches.filter((r) => r.action === "collected");
    expect(collected.map((r) => [r.provider, r.state, r.answered, r.failed])).toEqual(
      expect.arrayContaining([
        ["openai", "ended", TEXTS.length, 0],
        ["anthropic", "ended", TEXTS.length, 0],
      ]),
    );
    const itemCalls = records.filter((r) => r.type === "call" && r.batch);
    expect(itemCalls).toHaveLength(2 * TEXTS.length);
    for (const call of itemCalls) {
      const sub = records.find((r) => r.seq === call.batch.submittedSeq);
      expect(sub?.batch).toBe(call.batch.id);
      expect(sub?.items.some((i: { customId: string }) => i.customId === call.cacheKey)).toBe(true);
      expect(call.cost.discount).toBe(0.5);
      expect(call.tags.run).toBe(study.run);
    }
    expect(study.totals.costNanoUsd).toBe(itemCalls.reduce((sum, c) => sum + c.cost.totalNanoUsd, 0));
    expect((await verifyLedger(join(dir, "study.provenance.jsonl"))).status).toBe("verified");

    // The same study interactively, in another notebook: each item cost half, to a nano-dollar per kind.
    writeFileSync(join(dir, "live.ipynb"), "{}");
    const live = await session({
      notebook: join(dir, "live.ipynb"),
      cwd: FRAMEWORKS,
      env: { SIM_KEY: "sk-sim" },
      config: configFor(s),
    });
    await live.analyze(TEXTS, { framework: "affect.json", models: LLMS });
    await live.close();
    const interactive = new Map(
      ledgerRecords("live.ipynb")
        .filter((r) => r.type === "call")
        .map((r) => [r.cacheKey, r.cost.totalNanoUsd as number]),
    );
    for (const call of itemCalls) {
      const full = interactive.get(call.cacheKey)!;
      expect(full).toBeGreaterThan(0);
      expect(Math.abs(2 * call.cost.totalNanoUsd - full)).toBeLessThanOrEqual(5);
    }

    const again = await dx.analyze(TEXTS, {
      framework: "affect.json",
      models: [...LLMS, "local/vader"],
      ...batchOptions,
    });
    expect(again.digest).toBe(study.digest);
    expect(again.totals.costNanoUsd).toBe(0);
    expect(ledgerRecords().filter((r) => r.type === "batch" && r.action === "submitted")).toHaveLength(2);
  });

  it("records per-item failures and expiry, and a re-run submits only the items without an answer", async () => {
    const s = await start({
      itemFailureRate: 0.25,
      expireFraction: 0.25,
      windowMs: 600_000,
      processingMs: 900_000,
    });
    dx = await open();
    const first = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    const failedCodes = new Set(first.rows.filter((r) => r.status !== "ok").map((r) => r.status));
    expect(failedCodes).toEqual(new Set(["batch_item_failed", "batch_expired"]));
    const records = ledgerRecords();
    const collected = records.filter((r) => r.type === "batch" && r.action === "collected");
    expect(collected.every((r) => r.state === "expired")).toBe(true);
    const failedItems = records.filter((r) => r.type === "call" && r.batch && r.outcome === "failed");
    expect(failedItems.length).toBeGreaterThan(0);
    expect(failedItems.every((r) => r.cost.totalNanoUsd === 0)).toBe(true);
    const okKeys = new Set(
      records.filter((r) => r.type === "call" && r.outcome === "ok").map((r) => r.cacheKey),
    );

    await s.close();
    sim = await startSimulator({ seed: 7, timeScale: 0.001, batch: { processingMs: 300_000 } });
    await dx.close();
    dx = await open();
    const second = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(second.rows.every((r) => r.status === "ok")).toBe(true);
    const resubmitted = ledgerRecords()
      .filter((r) => r.type === "batch" && r.action === "submitted")
      .slice(collected.length)
      .flatMap((r) => r.items.map((i: { customId: string }) => i.customId));
    expect(resubmitted).toHaveLength(failedItems.length);
    for (const key of resubmitted) expect(okKeys.has(key)).toBe(false);
  });

  it("keeps only hashes in a hash-mode ledger, and a re-run is answered from the private answer store", async () => {
    await start();
    dx = await open();
    await dx.close();
    dx = await session({
      notebook: join(dir, "study.ipynb"),
      cwd: FRAMEWORKS,
      env: { SIM_KEY: "sk-sim" },
      config: configFor(sim!),
      store: "hash",
    });
    const study = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(study.rows.every((r) => r.status === "ok")).toBe(true);
    const text = readFileSync(join(dir, "study.provenance.jsonl"), "utf8");
    // Neither the texts nor the answers' evidence are in the ledger: in the batch records too.
    for (const t of TEXTS) expect(text).not.toContain(t.text);
    expect(text).not.toContain(study.rows[0]!.evidence);
    const again = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(again.digest).toBe(study.digest);
    expect(again.totals).toMatchObject({ cacheHits: 2 * TEXTS.length, costNanoUsd: 0 });
  });

  it("fits a cap that interactive calls would not, since the worst case is reserved at the batch price", async () => {
    await start();
    dx = await open();
    const estimate = await dx.estimate(TEXTS, { framework: "affect.json", models: LLMS });
    await dx.close();
    const capUsd = (estimate.worstCaseNanoUsd * 0.75) / 1e9;
    dx = await open("study.ipynb", capUsd);
    await expect(dx.analyze(TEXTS, { framework: "affect.json", models: LLMS })).rejects.toBeInstanceOf(
      BudgetTooSmallError,
    );
    const study = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(study.rows.every((r) => r.status === "ok")).toBe(true);
    expect(dx.gateway.budget.state()).toMatchObject({ reservedNanoUsd: 0, overrunNanoUsd: 0 });
    expect(dx.gateway.budget.state().spentNanoUsd).toBe(study.totals.costNanoUsd);
  });

  it("returns at once with wait: false, and a re-run collects the batches in flight without submitting again", async () => {
    const s = await start({ processingMs: 1_500_000 });
    dx = await open();
    const pending = await dx.analyze(TEXTS, {
      framework: "affect.json",
      models: LLMS,
      mode: "batch",
      batch: { pollIntervalMs: 50, wait: false },
    });
    expect(new Set(pending.rows.map((r) => r.status))).toEqual(new Set(["batch_pending"]));
    expect(pending.totals.costNanoUsd).toBe(0);
    const done = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(done.rows.every((r) => r.status === "ok")).toBe(true);
    expect(ledgerRecords().filter((r) => r.type === "batch" && r.action === "submitted")).toHaveLength(2);
    expect(s.stats().batch.items.openai.succeeded).toBe(TEXTS.length);
  });

  it("a kernel killed while it polls is resumed by the next one: nothing is submitted or paid twice", async () => {
    const s = await start({ processingMs: 4_000_000 });
    const script = join(dir, "kernel.mjs");
    writeFileSync(
      script,
      `import { session } from ${JSON.stringify(KERNEL_HELPERS)};
const dx = await session({ notebook: ${JSON.stringify(join(dir, "study.ipynb"))}, cwd: ${JSON.stringify(FRAMEWORKS)},
  env: { SIM_KEY: "sk-sim" }, config: ${JSON.stringify(configFor(s))} });
await dx.analyze(${JSON.stringify(TEXTS)}, { framework: "affect.json", models: ${JSON.stringify(LLMS)}, mode: "batch", batch: { pollIntervalMs: 100 } });
console.log("finished");`,
    );
    const kernel = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    kernel.stdout.on("data", (d: Buffer) => (output += d.toString()));
    kernel.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const ledgerPath = join(dir, "study.provenance.jsonl");
    const polledBoth = () => {
      try {
        const polled = ledgerRecords().filter((r) => r.type === "batch" && r.action === "polled");
        return new Set(polled.map((r) => r.provider)).size === 2;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 300 && !polledBoth(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(polledBoth(), output).toBe(true);
    kernel.kill("SIGKILL");
    await new Promise((r) => kernel.once("exit", r));
    expect(output).not.toContain("finished");
    expect(ledgerRecords().some((r) => r.type === "batch" && r.action === "collected")).toBe(false);

    dx = await open();
    const study = await dx.analyze(TEXTS, { framework: "affect.json", models: LLMS, ...batchOptions });
    expect(study.rows.every((r) => r.status === "ok")).toBe(true);
    const records = ledgerRecords();
    expect(records.filter((r) => r.type === "batch" && r.action === "submitted")).toHaveLength(2);
    const okCalls = records.filter((r) => r.type === "call" && r.outcome === "ok");
    expect(okCalls).toHaveLength(2 * TEXTS.length);
    expect(new Set(okCalls.map((r) => r.cacheKey)).size).toBe(2 * TEXTS.length);
    expect(s.stats().batch.items.openai.succeeded + s.stats().batch.items.anthropic.succeeded).toBe(
      2 * TEXTS.length,
    );
    expect(study.totals.costNanoUsd).toBe(okCalls.reduce((sum, c) => sum + c.cost.totalNanoUsd, 0));
    expect((await verifyLedger(ledgerPath)).status).toBe("verified");
  }, 60_000);
});
