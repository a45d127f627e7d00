import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { writeSidebarStudy } from "../../../bench/src/sidebar/sidebar-study.js";

/** One batch row of the sidebar's Batches section, read from its test hooks. */
export interface BatchRowReading {
  id: string;
  provider: string | null;
  state: string | null;
  inFlight: string | null;
  items: number;
  succeeded: number;
  errored: number;
  expired: number;
  processing: number;
  resumed: string | null;
  costNanoUsd: number;
  /** Rows in the section when this one was read. */
  rowCount: number;
  /** Whether the section itself was shown. */
  sectionVisible: boolean;
}

/**
 * The sidebar study folder with its analyze() in batch mode, polling every 200 ms (the sim's
 * batches take seconds, not the default's minutes).
 */
export function writeBatchStudy(
  dir: string,
  sim: { openaiBaseUrl: string; anthropicBaseUrl: string },
  texts: number,
): void {
  const path = writeSidebarStudy(dir, sim, { texts, capUsd: 5 });
  const notebook = JSON.parse(readFileSync(path, "utf8")) as { cells: { source: string }[] };
  const analyze = notebook.cells.find((c) => c.source.includes('label: "sidebar study",'));
  // The shared study's cell is rewritten, not copied: a change to it must fail here, loudly.
  if (!analyze) throw new Error(`writeBatchStudy: no analyze() cell with the study's label in ${path}`);
  analyze.source = analyze.source.replace(
    'label: "sidebar study",',
    'label: "sidebar batch study",\n  mode: "batch",\n  batch: { pollIntervalMs: 200 },',
  );
  writeFileSync(join(dir, "study.ipynb"), JSON.stringify(notebook, null, 1) + "\n");
}

type BatchRowsWindow = {
  __discernusReadBatchRows?: () => BatchRowReading[];
  __discernusBatchRows?: BatchRowReading[];
};

/** Defines the page's reader of the rows (once per page load): the recorder and the test share it. */
async function installReader(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as BatchRowsWindow;
    w.__discernusReadBatchRows ??= () => {
      const section = document.querySelector('#discernus-sidebar [data-testid="discernus-batches"]');
      const rows = [...(section?.querySelectorAll('[data-testid^="discernus-batch-"]') ?? [])];
      const visible = section instanceof HTMLElement && !section.hidden && section.offsetParent !== null;
      return rows.map((row) => {
        const num = (name: string) => Number(row.getAttribute(name));
        return {
          id: (row.getAttribute("data-testid") ?? "").replace("discernus-batch-", ""),
          provider: row.getAttribute("data-provider"),
          state: row.getAttribute("data-state"),
          inFlight: row.getAttribute("data-in-flight"),
          items: num("data-items"),
          succeeded: num("data-succeeded"),
          errored: num("data-errored"),
          expired: num("data-expired"),
          processing: num("data-processing"),
          resumed: row.getAttribute("data-resumed"),
          costNanoUsd: num("data-cost-nano-usd"),
          rowCount: rows.length,
          sectionVisible: visible,
        };
      });
    };
  });
}

/** The Batches section's rows as they are now. */
export async function readBatchRows(page: Page): Promise<BatchRowReading[]> {
  await installReader(page);
  return page.evaluate(() => (window as unknown as BatchRowsWindow).__discernusReadBatchRows!());
}

/**
 * Records, in the page, every reading of every batch row as it changes (a MutationObserver, not
 * samples from the test: a loaded CI machine reads too seldom to see a batch's short phases).
 * Returns a reader of the readings so far, in order.
 */
export async function recordBatchRows(page: Page): Promise<() => Promise<BatchRowReading[]>> {
  await installReader(page);
  await page.evaluate(() => {
    const w = window as unknown as BatchRowsWindow;
    const seen: BatchRowReading[] = [];
    const last = new Map<string, string>();
    w.__discernusBatchRows = seen;
    const root = document.getElementById("discernus-sidebar");
    if (!root) throw new Error("recordBatchRows: the Discernus sidebar is not in the page");
    const note = () => {
      for (const reading of w.__discernusReadBatchRows!()) {
        const key = JSON.stringify(reading);
        if (last.get(reading.id) === key) continue;
        last.set(reading.id, key);
        seen.push(reading);
      }
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as BatchRowsWindow).__discernusBatchRows ?? []);
}
