import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { summarizeLedger, verifyNotebook } from "@discernus/provenance";
import {
  cellError,
  recordAttribute,
  openLab,
  openNotebook,
  readSidebar,
  runAllCells,
  showSidebar,
  waitForCells,
  type LabPage,
  type SidebarReading,
} from "../../../bench/src/sidebar/lab-browser.js";
import {
  HOSTILE_MARKUP,
  SIM_KEY_ENV,
  sidebarSimConfig,
  writeSidebarStudy,
} from "../../../bench/src/sidebar/sidebar-study.js";
import { startSimProcess, type SimProcess } from "../../../bench/src/sim-process.js";
import { readBatchRows, recordBatchRows, writeBatchStudy, type BatchRowReading } from "./batch-rows.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
/** Screenshots of the sidebar, kept after the run for a person to look at (gitignored). */
export const ARTIFACTS = join(repo, "extension/test/e2e/artifacts");
const GPT = "openai/gpt-4o-mini";
/** Texts of the batch-mode study: each is one item in each provider's batch. */
const BATCH_TEXTS = 20;
const IN_FLIGHT_STATES = ["validating", "in_progress", "finalizing"];

let sim: SimProcess;
/** provider-sim whose batches end ~6 s after they are submitted (10 simulated minutes at 1/100). */
let batchSim: SimProcess;
let root: string;
let ui: LabPage;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Inside the repository, so that kernels resolve @discernus/kernel-helpers as a researcher's
  // notebooks beside an installed Discernus do.
  const scratch = join(repo, "node_modules/.cache");
  mkdirSync(scratch, { recursive: true });
  root = mkdtempSync(join(scratch, "discernus-e2e-"));
  // As a researcher gets it: no outputs, no execution counts (the committed one has neither, but
  // a copy left from a local run might).
  const quickstart = JSON.parse(readFileSync(join(repo, "notebooks/quickstart.ipynb"), "utf8")) as {
    cells: { cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
  };
  for (const cell of quickstart.cells)
    if (cell.cell_type === "code") Object.assign(cell, { outputs: [], execution_count: null });
  writeFileSync(join(root, "quickstart.ipynb"), JSON.stringify(quickstart));
  cpSync(join(repo, "notebooks/frameworks"), join(root, "frameworks"), { recursive: true });
  // GPT at 240 requests a minute: a 300-text study spends the first minute's allowance over a few
  // seconds (the gauge falls), then waits on the limits the gateway learned from the headers.
  sim = await startSimProcess(sidebarSimConfig(240));
  writeSidebarStudy(join(root, "throttled"), sim, { texts: 300, capUsd: 5 });
  batchSim = await startSimProcess({
    ...sidebarSimConfig(),
    timeScale: 0.01,
    batch: { processingMs: 600_000 },
  });
  writeBatchStudy(join(root, "batched"), batchSim, BATCH_TEXTS);
  ui = await openLab(root, { [SIM_KEY_ENV]: "sk-simulated" });
}, 120_000);

afterEach(async (context) => {
  // A failed test leaves a picture of the whole page beside the sidebar's.
  if (context.task.result?.state === "fail" && ui)
    await ui.page.screenshot({ path: join(ARTIFACTS, `failed-${context.task.name.slice(0, 40)}.png`) });
});

afterAll(async () => {
  await ui?.close();
  await sim?.stop();
  await batchSim?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

// Ledger lines of several record types, read loosely: the assertions name the fields they rely on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LedgerLine = Record<string, any>;

/** Ends every notebook session (and its kernel) the lab holds, through Jupyter's REST API. */
async function shutDownSessions({ lab }: { lab: { baseUrl: string; token: string } }): Promise<void> {
  const auth = { headers: { Authorization: `token ${lab.token}` } };
  const sessions = (await (await fetch(`${lab.baseUrl}api/sessions`, auth)).json()) as { id: string }[];
  for (const session of sessions) {
    const done = await fetch(`${lab.baseUrl}api/sessions/${session.id}`, { ...auth, method: "DELETE" });
    expect(done.status).toBe(204);
  }
}

const ledgerTotals = async (path: string) => {
  const report = await summarizeLedger(path);
  expect(report.verify.status).toBe("verified");
  return report.totals;
};

describe("the Discernus sidebar in JupyterLab (Chromium)", () => {
  it("follows the quickstart run to done, and its spend equals the ledger's total", async () => {
    const { page } = ui;
    await openNotebook(ui, "quickstart.ipynb");
    await showSidebar(page);
    await runAllCells(page);
    await waitForCells(page, 240_000);
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="discernus-progress"]')?.getAttribute("data-state") === "done",
      undefined,
      { timeout: 30_000 },
    );
    const reading = await readSidebar(page);
    const totals = await ledgerTotals(join(root, "quickstart.provenance.jsonl"));
    expect(reading.source).toBe("live");
    expect(reading.progress).toMatchObject({ state: "done" });
    expect(reading.progress!.done).toBe(reading.progress!.total);
    expect(reading.progress!.total).toBe(80); // 40 speeches x 2 lexicon instruments
    expect(reading.notebookNanoUsd).toBe(totals.all.costNanoUsd);
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "quickstart-done.png") });
    expect(ui.pageErrors).toEqual([]);
  }, 300_000);

  it("moves its rate-limit gauges while provider-sim throttles a study, ends at the ledger's spend, and shows model markup as text", async () => {
    const { page } = ui;
    await openNotebook(ui, "throttled/study.ipynb");
    await showSidebar(page);
    const gptRemaining = await recordAttribute(page, `discernus-ratelimit-${GPT}`, "data-requests-remaining");
    await runAllCells(page);

    // Sample the sidebar while the study runs.
    const readings: SidebarReading[] = [];
    let midShot = false;
    const deadline = Date.now() + 240_000;
    for (;;) {
      const r = await readSidebar(page);
      readings.push(r);
      const p = r.progress;
      if (!midShot && p && p.total > 0 && p.done > p.total * 0.3 && p.state === "running") {
        midShot = true;
        await page
          .locator("#discernus-sidebar")
          .screenshot({ path: join(ARTIFACTS, "throttled-mid-run.png") });
      }
      if (p?.state === "done" || p?.state === "failed" || Date.now() > deadline) break;
      const error = await cellError(page);
      if (error !== undefined) throw new Error(`a cell failed: ${error}`);
      await page.waitForTimeout(400);
    }
    await waitForCells(page, 60_000);

    const running = readings.filter((r) => r.progress?.state === "running");
    // Progress was live: several distinct counts were shown before the end.
    expect(new Set(running.map((r) => r.progress!.done)).size).toBeGreaterThanOrEqual(3);
    // The GPT gauge moved: the requests left in its window took many values while the study ran,
    // down to (nearly) none once the 240-a-minute allowance was spent.
    const remaining = (await gptRemaining()).map(Number);
    expect(new Set(remaining).size).toBeGreaterThanOrEqual(5);
    expect(Math.min(...remaining)).toBeLessThan(5);

    // This notebook's and the project's spend were live too, and never below this run's.
    expect(running.some((r) => (r.notebookNanoUsd ?? 0) > 0)).toBe(true);
    for (const r of running.filter((r) => r.notebookNanoUsd !== null && r.runNanoUsd !== null)) {
      expect(r.notebookNanoUsd!).toBeGreaterThanOrEqual(r.runNanoUsd!);
      expect(r.projectNanoUsd!).toBeGreaterThanOrEqual(r.notebookNanoUsd!);
    }

    const end = await readSidebar(page);
    expect(end.progress).toMatchObject({ state: "done", done: 600, total: 600 });
    const totals = await ledgerTotals(join(root, "throttled/study.provenance.jsonl"));
    const runs = Object.values(totals.byRun);
    expect(runs).toHaveLength(1);
    expect(totals.all.costNanoUsd).toBeGreaterThan(0);
    expect(end.runNanoUsd).toBe(runs[0]!.costNanoUsd);
    expect(end.notebookNanoUsd).toBe(totals.all.costNanoUsd);
    // The throttled folder is its own project (its discernus.config.json): this ledger is all of it.
    expect(end.projectNanoUsd).toBe(totals.all.costNanoUsd);
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "throttled-done.png") });
    // The cell's summary states costs in dollars: text, not TeX typeset by MathJax.
    await expect
      .poll(() => page.locator(".jp-OutputArea-output", { hasText: "provider calls" }).count())
      .toBe(1);
    expect(await page.locator(".jp-OutputArea mjx-container").count()).toBe(0);

    // GPT quotes with an <img onerror> in front (and is throttled, so its calls are the latest):
    // the record shows it as text, nothing runs.
    const gptCall = page.locator('[data-testid="discernus-recent-calls"] [data-call-id]', {
      hasText: "gpt-4o-mini",
    });
    await gptCall.first().click();
    const record = page.locator('[data-testid="discernus-record-view"]');
    // The record is shown as JSON text: the markup is there, its quotes escaped as JSON escapes them.
    await expect
      .poll(() => record.textContent(), { timeout: 15_000 })
      .toContain(JSON.stringify(HOSTILE_MARKUP).slice(1, -1));
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
    expect(
      await page.evaluate(() => (window as { __discernusPwned?: unknown }).__discernusPwned),
    ).toBeUndefined();
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "record-view.png") });
    expect(ui.pageErrors).toEqual([]);
  }, 300_000);

  it("shows a batch-mode study's provider batches while they run, collected at the ledger's cost, and again from the ledger after a reload", async () => {
    const { page } = ui;
    await openNotebook(ui, "batched/study.ipynb");
    await showSidebar(page);
    const seen = await recordBatchRows(page);
    await runAllCells(page);
    // Mid-run picture: both batches running, GPT's part way through its items.
    await page.waitForFunction(
      (total) => {
        const rows = [...document.querySelectorAll('#discernus-sidebar [data-testid^="discernus-batch-"]')];
        const openai = rows.find((row) => row.getAttribute("data-provider") === "openai");
        const succeeded = Number(openai?.getAttribute("data-succeeded"));
        return (
          rows.length === 2 &&
          rows.every((row) => row.getAttribute("data-state") === "in_progress") &&
          succeeded > 0 &&
          succeeded < total
        );
      },
      BATCH_TEXTS,
      { timeout: 60_000, polling: 100 },
    );
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "batches-mid-run.png") });
    // The cap shows while the batches run, before any item is back: they reserved their worst case.
    const budgetMidRun = await page.locator("#discernus-budget-label").textContent();
    expect(budgetMidRun).toContain("$5.00");
    expect(budgetMidRun).not.toContain("no budget cap");
    await waitForCells(page, 60_000);

    // While the cell ran: one row per provider, each of all the texts, in a provider's running state
    // ("ended" too: results not collected yet, if a poll caught it), with items still processing.
    const running = (await seen()).filter((r) => r.inFlight === "true");
    expect(running.every((r) => r.sectionVisible && r.rowCount <= 2)).toBe(true);
    expect(running.some((r) => r.rowCount === 2)).toBe(true);
    expect(new Set(running.map((r) => r.provider))).toEqual(new Set(["openai", "anthropic"]));
    for (const r of running) {
      expect(r.items).toBe(BATCH_TEXTS);
      expect([...IN_FLIGHT_STATES, "ended"]).toContain(r.state);
    }
    for (const provider of ["openai", "anthropic"]) {
      const rows = running.filter((r) => r.provider === provider);
      expect(rows.some((r) => IN_FLIGHT_STATES.includes(r.state!))).toBe(true);
      expect(rows.some((r) => r.processing > 0)).toBe(true);
    }
    // OpenAI counts items as they are answered; Anthropic's request_counts stay at "processing"
    // until the whole batch has ended, so only GPT's row moves in between.
    const gptDone = running.filter((r) => r.provider === "openai").map((r) => r.succeeded);
    expect(new Set(gptDone.filter((n) => n > 0 && n < BATCH_TEXTS)).size).toBeGreaterThanOrEqual(3);

    // The ledger's batch items: calls at the batch discount, whose costs make each batch's.
    const ledger = readFileSync(join(root, "batched/study.provenance.jsonl"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => JSON.parse(line) as LedgerLine);
    const items = ledger.filter((r) => r.type === "call" && r.batch);
    expect(items).toHaveLength(2 * BATCH_TEXTS);
    for (const call of items) expect(call.cost.discount).toBe(0.5);
    const itemCost = new Map<string, number>();
    for (const call of items)
      itemCost.set(call.batch.id, (itemCost.get(call.batch.id) ?? 0) + call.cost.totalNanoUsd);
    const expectCollected = (rows: BatchRowReading[]) => {
      expect(rows.map((r) => r.id).sort()).toEqual([...itemCost.keys()].sort());
      for (const r of rows) {
        expect(r).toMatchObject({
          state: "collected",
          inFlight: "false",
          items: BATCH_TEXTS,
          errored: 0,
          expired: 0,
          resumed: "false",
        });
        expect(r.succeeded).toBe(BATCH_TEXTS);
        expect(r.costNanoUsd).toBe(itemCost.get(r.id));
      }
      expect(rows.reduce((sum, r) => sum + r.costNanoUsd, 0)).toBe(
        items.reduce((sum, c) => sum + c.cost.totalNanoUsd, 0),
      );
    };
    await expect
      .poll(async () => (await readBatchRows(page)).every((r) => r.state === "collected"), {
        timeout: 15_000,
      })
      .toBe(true);
    const end = await readBatchRows(page);
    expectCollected(end);
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "batches-collected.png") });

    // A reload has no live run: the same batches, read from the ledger.
    await openNotebook(ui, "batched/study.ipynb");
    await showSidebar(page);
    await page.waitForFunction(
      () => document.getElementById("discernus-sidebar")?.getAttribute("data-source") === "ledger",
      undefined,
      { timeout: 30_000 },
    );
    await expect.poll(async () => (await readBatchRows(page)).length, { timeout: 15_000 }).toBe(2);
    const reloaded = await readBatchRows(page);
    expectCollected(reloaded);
    expect(reloaded.every((r) => r.sectionVisible)).toBe(true);
    await page.locator("#discernus-sidebar").screenshot({ path: join(ARTIFACTS, "batches-from-ledger.png") });
    expect(ui.pageErrors).toEqual([]);
  }, 120_000);

  it("after a reload reads the notebook's ledger (no live run): same totals, and the ledger verifies from the panel", async () => {
    const { page } = ui;
    // As after a kernel restart: the notebook opens on a fresh kernel, so the panel has only the
    // ledger to read (and the test does not depend on reattaching to a kernel left from earlier).
    await shutDownSessions(ui);
    await openNotebook(ui, "throttled/study.ipynb");
    await showSidebar(page);
    await page.waitForFunction(
      () => document.getElementById("discernus-sidebar")?.getAttribute("data-source") === "ledger",
      undefined,
      { timeout: 30_000 },
    );
    const totals = await ledgerTotals(join(root, "throttled/study.provenance.jsonl"));
    await expect
      .poll(async () => (await readSidebar(page)).notebookNanoUsd, { timeout: 15_000 })
      .toBe(totals.all.costNanoUsd);
    await page
      .locator("#discernus-sidebar button", { hasText: /verify/i })
      .first()
      .click();
    await expect
      .poll(() => page.locator('[data-testid="discernus-ledger-status"]').textContent(), { timeout: 30_000 })
      .toMatch(/verified/i);
    const badge = page.locator('[data-testid="discernus-verify-badge"]');
    await expect.poll(() => badge.getAttribute("data-state"), { timeout: 15_000 }).toBe("verified");
    await page
      .locator("#discernus-sidebar")
      .screenshot({ path: join(ARTIFACTS, "ledger-verified-light.png") });

    // Embed from the panel: the saved notebook carries its ledger, and the CLI's check passes on it,
    // beside its ledger and alone in another folder with only the embedded copy.
    const notebookPath = join(root, "throttled/study.ipynb");
    const embedded = () =>
      (
        JSON.parse(readFileSync(notebookPath, "utf8")) as {
          metadata: { discernus?: { provenance?: { embedded?: unknown } } };
        }
      ).metadata.discernus?.provenance?.embedded !== undefined;
    await page.locator('#discernus-sidebar button[data-command="discernus:embed-provenance"]').click();
    await expect.poll(embedded, { timeout: 30_000 }).toBe(true);
    expect((await verifyNotebook(notebookPath)).ok).toBe(true);
    const elsewhere = mkdtempSync(join(root, "shared-"));
    cpSync(notebookPath, join(elsewhere, "study.ipynb"));
    const alone = await verifyNotebook(join(elsewhere, "study.ipynb"));
    expect(alone).toMatchObject({ ledgerSource: "embedded", ok: true });
    expect(alone.totals.all.costNanoUsd).toBe(totals.all.costNanoUsd);
    // The badge now also checks the head the notebook recorded.
    await expect
      .poll(() => badge.getAttribute("title"), { timeout: 15_000 })
      .toMatch(/has the head the notebook recorded/);
    expect(await badge.getAttribute("data-state")).toBe("verified");

    await page.locator('.lm-MenuBar-itemLabel:text-is("Settings")').click();
    await page.locator('.lm-Menu-itemLabel:text-is("Theme")').hover();
    await page.locator('.lm-Menu-itemLabel:text-is("JupyterLab Dark")').click();
    await page.waitForFunction(
      () => document.body.getAttribute("data-jp-theme-light") === "false",
      undefined,
      {
        timeout: 15_000,
      },
    );
    await page
      .locator("#discernus-sidebar")
      .screenshot({ path: join(ARTIFACTS, "ledger-verified-dark.png") });

    // A record removed from the ledger file: the badge turns to modified, naming the line.
    const ledgerPath = join(root, "throttled/study.provenance.jsonl");
    const original = readFileSync(ledgerPath, "utf8");
    const lines = original.split("\n");
    lines.splice(2, 1);
    writeFileSync(ledgerPath, lines.join("\n"));
    try {
      await page
        .locator("#discernus-sidebar button", { hasText: /verify/i })
        .first()
        .click();
      await expect.poll(() => badge.getAttribute("data-state"), { timeout: 30_000 }).toBe("modified");
      expect(await badge.textContent()).toContain("line 3 has seq 3 where 2 was due");
    } finally {
      writeFileSync(ledgerPath, original);
    }
    expect(ui.pageErrors).toEqual([]);
  }, 180_000);
});
