import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Gateway } from "@discernus/gateway";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { Ledger, ledgerPathFor } from "@discernus/provenance";

const BIN = new URL("../dist/bin.js", import.meta.url).pathname;
const KEY = "sk-test-DISCERNUS-cli-0f1e2d3c4b5a";
const DIGEST = "d".repeat(64);

let sim: SimServer;
let dir: string;
let notebook: string;
let ledgerPath: string;
let pristine: string;

const discernus = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A notebook with one analyze()-like output that names its run and the digest of its result. */
const notebookJson = (digest: string) => ({
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Tone of speeches"] },
    {
      cell_type: "code",
      execution_count: 1,
      id: "run1",
      metadata: {},
      outputs: [
        {
          output_type: "display_data",
          data: { "text/plain": ["2 speeches x 2 models"] },
          metadata: { discernus: { run: "run-1", digest } },
        },
      ],
      source: ["await analyze(corpus)"],
    },
  ],
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
});

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  dir = mkdtempSync(join(tmpdir(), "discernus-cli-"));
  notebook = join(dir, "study.ipynb");
  ledgerPath = ledgerPathFor(notebook);
  const ledger = await Ledger.open(ledgerPath, { notebook: "study.ipynb" });
  const gateway = new Gateway({
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "K", simulated: true },
        anthropic: { kind: "anthropic", baseUrl: sim.anthropicBaseUrl, apiKeyEnv: "K", simulated: true },
      },
    },
    env: { K: KEY },
    cache: ledger,
    recorder: ledger,
  });
  await ledger.recordRun({
    run: "run-1",
    phase: "start",
    models: ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"],
  });
  let cost = 0;
  for (const model of ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"])
    for (const text of ["We shall prevail.", "The state of the union is strong.", "We shall prevail."]) {
      const r = await gateway.complete({
        model,
        messages: [{ role: "user", content: text }],
        maxTokens: 32,
        tags: { run: "run-1" },
      });
      cost += r.cost.totalNanoUsd;
    }
  await ledger.recordRun({
    run: "run-1",
    phase: "end",
    digest: DIGEST,
    totals: { calls: 4, cacheHits: 2, failed: 0, costNanoUsd: cost },
  });
  await ledger.close();
  pristine = readFileSync(ledgerPath, "utf8");
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  writeFileSync(notebook, `${JSON.stringify(notebookJson(DIGEST), null, 1)}\n`);
  writeFileSync(ledgerPath, pristine);
});

describe("discernus verify / report / embed / extract", () => {
  it("verifies a notebook and its ledger, and reports spend by model, provider and run", () => {
    const verified = discernus("verify", "study.ipynb");
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/ok {3}outputs: 1 output\(s\) with a run id match/);
    const report = discernus("report", "study.ipynb", "--json");
    expect(report.code).toBe(0);
    const json = JSON.parse(report.out) as {
      status: string;
      totals: Record<string, Record<string, Record<string, number>>>;
    };
    expect(json.status).toBe("verified");
    expect(json.totals.all).toMatchObject({ calls: 4, cacheHits: 2, failed: 0 });
    expect(json.totals.byProvider!.anthropic).toMatchObject({ calls: 2, cacheHits: 1 });
    expect(json.totals.byRun!["run-1"]).toMatchObject({ calls: 4, cacheHits: 2 });
    const text = discernus("report", "study.provenance.jsonl");
    expect(text.out).toMatch(/openai\/gpt-4o-mini +2 +0 +0 +0 +1 /);
    expect(text.out).toMatch(/2 answered from the ledger at \$0/);
    expect(pristine).not.toContain(KEY);
  });

  it("embeds the ledger, verifies the notebook alone from its embedded copy, and extracts the same bytes", () => {
    expect(discernus("embed", "study.ipynb").code).toBe(0);
    const meta = (
      JSON.parse(readFileSync(notebook, "utf8")) as {
        metadata: { discernus: { provenance: { records: number } } };
      }
    ).metadata.discernus.provenance;
    expect(meta.records).toBe(9);
    renameSync(ledgerPath, join(dir, "elsewhere.jsonl"));
    const alone = discernus("verify", "study.ipynb");
    expect(alone.code).toBe(0);
    expect(alone.out).toMatch(/embedded in the notebook/);
    expect(discernus("extract", "study.ipynb").code).toBe(0);
    expect(readFileSync(ledgerPath, "utf8")).toBe(pristine);
  });

  it("fails, naming the line, when a record was edited", () => {
    writeFileSync(ledgerPath, pristine.replace('"maxTokens":32', '"maxTokens":33'));
    const r = discernus("verify", "study.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL ledger: line \d+ does not chain to the line before it/);
  });

  it("fails when the last records were cut after the notebook recorded its head, which the chain alone cannot see", () => {
    expect(discernus("embed", "study.ipynb", "--summary-only").code).toBe(0);
    const lines = pristine.split("\n");
    writeFileSync(ledgerPath, `${lines.slice(0, -2).join("\n")}\n`);
    expect(discernus("verify", "study.provenance.jsonl").code).toBe(0);
    const r = discernus("verify", "study.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL recorded_head: the notebook recorded 9 records but the ledger verifies only 8/,
    );
  });

  it("fails, naming the cell, when an output's digest does not match its run", () => {
    writeFileSync(notebook, JSON.stringify(notebookJson("e".repeat(64))));
    const r = discernus("verify", "study.ipynb");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL outputs: cell 1, output 0: its digest differs from run run-1's/);
  });

  it("fails when a run's stated totals differ from its records", () => {
    writeFileSync(ledgerPath, pristine.replace('"cacheHits":2', '"cacheHits":3'));
    const r = discernus("verify", "study.provenance.jsonl");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/stating cacheHits 3 where its records add up to 2/);
  });

  it("says clearly what is wrong with a missing file, another notebook's ledger, or an unknown format version", () => {
    const missing = discernus("report", "nope.ipynb");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope.ipynb: no such file/);
    copyFileSync(notebook, join(dir, "other.ipynb"));
    copyFileSync(ledgerPath, join(dir, "other.provenance.jsonl"));
    const other = discernus("verify", "other.ipynb");
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/FAIL notebook: the ledger's header names "study.ipynb", not other.ipynb/);
    writeFileSync(ledgerPath, pristine.replace('"version":1', '"version":2'));
    const future = discernus("verify", "study.provenance.jsonl");
    expect(future.code).toBe(1);
    expect(future.out).toMatch(/line 1 has format version 2, which this Discernus does not read/);
    const usage = discernus("embed");
    expect(usage.code).toBe(2);
  });
});
