import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "../percentile.js";
import { startSimProcess } from "../sim-process.js";
import { openLab, openNotebook, runAllCells, showSidebar, waitForCells } from "./lab-browser.js";
import { SIM_KEY_ENV, sidebarSimConfig, writeSidebarStudy } from "./sidebar-study.js";

export interface SidebarBenchResult {
  calls: number;
  /** From a call's end (its ledger record's start + latency) to the frame that showed it in the sidebar. */
  update_latency_ms_p50: number;
  update_latency_ms_p95: number;
  update_latency_ms_max: number;
  /** Calls the sidebar listed at some point (it lists the latest 20 of each update). */
  calls_seen: number;
  /**
   * Longest task in the page while the study's calls ran: from the first call the sidebar showed
   * to the final snapshot (Chromium's long-task API reports tasks over 50 ms; 0 means none).
   */
  longest_task_ms: number;
  long_tasks_over_50ms: number;
  /** The task of the Run All click itself (JupyterLab starting the cells), before any call. */
  run_all_click_task_ms: number;
  /** Longest task after the calls: JupyterLab rendering the study's result outputs. */
  longest_task_ms_result_render: number;
  wall_s: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A study of `texts` x 2 models against provider-sim (no throttling) run from JupyterLab in
 * Chromium, with the Discernus sidebar open. The page records when each call id first appears in
 * the sidebar (at the next animation frame) and every long task; the ledger says when each call
 * ended.
 */
export async function runSidebarBench(
  texts: number,
  log: (line: string) => void,
): Promise<SidebarBenchResult> {
  const repo = fileURLToPath(new URL("../../../", import.meta.url));
  const scratch = join(repo, "node_modules/.cache");
  mkdirSync(scratch, { recursive: true });
  // Inside the repository so the kernel resolves @discernus/kernel-helpers.
  const root = mkdtempSync(join(scratch, "discernus-sidebar-bench-"));
  const sim = await startSimProcess(sidebarSimConfig());
  try {
    writeSidebarStudy(root, sim, { texts, capUsd: 100 });
    const ui = await openLab(root, { [SIM_KEY_ENV]: "sk-simulated" });
    try {
      const { page } = ui;
      await openNotebook(ui, "study.ipynb");
      await showSidebar(page);
      await page.evaluate(() => {
        const w = window as unknown as {
          __bench: { seen: Record<string, number>; tasks: { start: number; duration: number }[] };
        };
        w.__bench = { seen: {}, tasks: [] };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            w.__bench.tasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
        }).observe({ type: "longtask" });
        const note = () => {
          const ids = [
            ...document.querySelectorAll(
              '#discernus-sidebar [data-testid="discernus-recent-calls"] [data-call-id]',
            ),
          ]
            .map((el) => el.getAttribute("data-call-id") ?? "")
            .filter((id) => id !== "" && !(id in w.__bench.seen));
          if (ids.length === 0) return;
          // Shown = painted: the frame after the DOM changed.
          requestAnimationFrame(() => {
            const now = Date.now();
            for (const id of ids) w.__bench.seen[id] ??= now;
          });
        };
        const sidebar = document.getElementById("discernus-sidebar");
        if (sidebar)
          new MutationObserver(note).observe(sidebar, { childList: true, subtree: true, attributes: true });
      });
      const started = Date.now();
      log(`sidebar: running ${texts} texts x 2 models in JupyterLab (Chromium)...`);
      await runAllCells(page);
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="discernus-progress"]')?.getAttribute("data-state") === "done",
        undefined,
        { timeout: 1_800_000, polling: 1_000 },
      );
      const callsDone = Date.now();
      await waitForCells(page, 600_000);
      const ended = Date.now();
      const bench = await page.evaluate(
        () =>
          (
            window as unknown as {
              __bench: { seen: Record<string, number>; tasks: { start: number; duration: number }[] };
            }
          ).__bench,
      );

      const ends = new Map<string, number>();
      for (const line of readFileSync(join(root, "study.provenance.jsonl"), "utf8").split("\n")) {
        if (!line.includes('"type":"call"')) continue;
        const record = JSON.parse(line) as { call: string; timing: { startedAt: string; latencyMs: number } };
        ends.set(record.call, Date.parse(record.timing.startedAt) + record.timing.latencyMs);
      }
      const latencies = Object.entries(bench.seen)
        .filter(([id]) => ends.has(id))
        .map(([id, shown]) => shown - ends.get(id)!)
        .sort((a, b) => a - b);
      const firstShown = Math.min(...Object.values(bench.seen));
      const between = (from: number, to: number) =>
        bench.tasks.filter((t) => t.start >= from && t.start <= to);
      const whileCalls = between(firstShown, callsDone);
      const longest = (tasks: { duration: number }[]) => round(Math.max(0, ...tasks.map((t) => t.duration)));
      return {
        calls: ends.size,
        update_latency_ms_p50: round(percentile(latencies, 50)),
        update_latency_ms_p95: round(percentile(latencies, 95)),
        update_latency_ms_max: round(latencies.at(-1) ?? 0),
        calls_seen: latencies.length,
        longest_task_ms: longest(whileCalls),
        long_tasks_over_50ms: whileCalls.length,
        run_all_click_task_ms: longest(between(started, firstShown)),
        longest_task_ms_result_render: longest(between(callsDone, ended)),
        wall_s: round((ended - started) / 1000),
      };
    } finally {
      await ui.close();
    }
  } finally {
    await sim.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
