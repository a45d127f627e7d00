import { chromium, type Browser, type Page } from "playwright-core";
import { startLab, type LabServer } from "@discernus/cli";

/** Debian's Chromium (scripts/ensure-system-packages.mjs installs it). */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface LabPage {
  lab: LabServer;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page: a test asserts there are none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** `discernus lab` on `root` and a Chromium page logged in to it, sized so the sidebar has room. */
export async function openLab(root: string, env: Record<string, string> = {}): Promise<LabPage> {
  const lab = await startLab({ root, env });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const opened = browser;
    return {
      lab,
      browser: opened,
      page,
      pageErrors,
      async close() {
        await opened.close();
        await lab.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await lab.stop();
    throw error;
  }
}

let workspaces = 0;

/**
 * Opens a notebook (path relative to the lab's root) alone in a workspace of its own and waits for
 * its kernel to be idle. `?reset` on the default workspace still restored the notebooks of earlier
 * pages beside it, each starting its kernel at once: three tslab kernels starting on two cores kept
 * this one from going idle within a minute (seen in the e2e's screenshots).
 */
export async function openNotebook({ lab, page }: LabPage, path: string): Promise<void> {
  const workspace = `discernus-${process.pid}-${++workspaces}`;
  await page.goto(`${lab.baseUrl}lab/workspaces/${workspace}/tree/${path}?token=${lab.token}`);
  await page.locator(".jp-NotebookPanel .jp-Notebook:visible").first().waitFor({ timeout: 60_000 });
  // The toolbar's execution indicator, or the status bar's kernel status when a narrow panel has
  // moved the indicator into the toolbar's overflow menu (out of the panel's DOM).
  await page.waitForFunction(
    () => {
      const panel = [...document.querySelectorAll<HTMLElement>(".jp-NotebookPanel")].find(
        (p) => p.offsetParent !== null,
      );
      if (panel?.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')) return true;
      return /\|\s*Idle\b/.test(document.getElementById("jp-main-statusbar")?.textContent ?? "");
    },
    undefined,
    { timeout: 60_000, polling: 200 },
  );
}

/** The text of the first error a cell printed (a traceback or stderr), if any. */
export function cellError(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const error = document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
    );
    return error?.textContent ?? undefined;
  });
}

/**
 * Run > Run All Cells, as a researcher does it, in the notebook in front. The menu item is enabled
 * once the notebook has its kernel; a click that came too early (nothing started) is repeated.
 */
export async function runAllCells(page: Page): Promise<void> {
  const started = () =>
    page.evaluate(() => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      return [...(panel?.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt") ?? [])].some((p) =>
        /\[(\*|\d+)\]/.test(p.textContent ?? ""),
      );
    });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press("Escape"); // a menu left open by an earlier try would swallow the click
      await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first().click({ timeout: 10_000 });
      await page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click({ timeout: 10_000 });
      await page
        .locator('.lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel:text-is("Run All Cells")')
        .click({ timeout: 10_000 });
    } catch (error) {
      if (attempt === 3) throw error;
      continue;
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(await started())) await page.waitForTimeout(200);
    if (await started()) return;
    if (attempt === 3) throw new Error("Run > Run All Cells started no cell in three tries");
  }
}

/**
 * Waits until the notebook's kernel has run every code cell (idle, every prompt numbered): give it
 * a notebook without saved execution counts. A cell that fails stops the wait with its error.
 */
export async function waitForCells(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      if (panel?.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        return true;
      const prompts = [...(panel?.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt") ?? [])].map(
        (p) => p.textContent ?? "",
      );
      const idle = panel?.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]') ?? null;
      return idle !== null && prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p));
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  const error = await cellError(page);
  if (error !== undefined) throw new Error(`a cell failed: ${error}`);
}

/** Shows the Discernus panel in the right sidebar (its tab is there from start-up). */
export async function showSidebar(page: Page): Promise<void> {
  const panel = page.locator("#discernus-sidebar");
  if (await panel.isVisible()) return;
  await page.locator('.jp-SideBar.jp-mod-right li[data-id="discernus-sidebar"]').click();
  await panel.waitFor({ state: "visible" });
}

/** What the sidebar shows, read from its test hooks. */
export interface SidebarReading {
  source: string | null;
  runNanoUsd: number | null;
  notebookNanoUsd: number | null;
  projectNanoUsd: number | null;
  progress: { done: number; total: number; state: string | null } | null;
  gauges: Record<
    string,
    { requestsRemaining: number | null; tokensRemaining: number | null; cooldownUntil: number | null }
  >;
  recentCallIds: string[];
}

export function readSidebar(page: Page): Promise<SidebarReading> {
  return page.evaluate(() => {
    const root = document.getElementById("discernus-sidebar");
    const num = (v: string | null | undefined) =>
      v === null || v === undefined || v === "" ? null : Number(v);
    const byId = (id: string) => root?.querySelector(`[data-testid="${id}"]`) ?? null;
    const nano = (id: string) => num(byId(id)?.getAttribute("data-nano-usd"));
    const progress = byId("discernus-progress");
    const gauges: SidebarReading["gauges"] = {};
    for (const g of root?.querySelectorAll('[data-testid^="discernus-ratelimit-"]') ?? []) {
      gauges[(g.getAttribute("data-testid") ?? "").replace("discernus-ratelimit-", "")] = {
        requestsRemaining: num(g.getAttribute("data-requests-remaining")),
        tokensRemaining: num(g.getAttribute("data-tokens-remaining")),
        cooldownUntil: num(g.getAttribute("data-cooldown-until")),
      };
    }
    return {
      source: root?.getAttribute("data-source") ?? null,
      runNanoUsd: nano("discernus-spend-run"),
      notebookNanoUsd: nano("discernus-spend-notebook"),
      projectNanoUsd: nano("discernus-spend-project"),
      progress: progress
        ? {
            done: Number(progress.getAttribute("data-done")),
            total: Number(progress.getAttribute("data-total")),
            state: progress.getAttribute("data-state"),
          }
        : null,
      gauges,
      recentCallIds: [...(byId("discernus-recent-calls")?.querySelectorAll("[data-call-id]") ?? [])].map(
        (item) => item.getAttribute("data-call-id") ?? "",
      ),
    };
  });
}

/**
 * Records, in the page, every value an attribute of the sidebar's element `testId` takes (each
 * change, not samples: a gauge can move several times between two reads from the test). Returns a
 * reader of the values seen so far, in order.
 */
export async function recordAttribute(
  page: Page,
  testId: string,
  name: string,
): Promise<() => Promise<string[]>> {
  const key = `__discernus_${testId}_${name}`.replace(/[^\w]/g, "_");
  await page.evaluate(
    ({ key, testId, name }) => {
      const seen: string[] = [];
      (window as unknown as Record<string, string[]>)[key] = seen;
      const root = document.getElementById("discernus-sidebar");
      if (!root) throw new Error("the Discernus sidebar is not in the page");
      const note = () => {
        const value = root.querySelector(`[data-testid="${testId}"]`)?.getAttribute(name);
        if (value !== null && value !== undefined && seen.at(-1) !== value) seen.push(value);
      };
      new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true });
    },
    { key, testId, name },
  );
  return () => page.evaluate((key) => (window as unknown as Record<string, string[]>)[key] ?? [], key);
}
