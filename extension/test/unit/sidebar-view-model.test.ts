import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS, type DiscernusSettings } from "../../src/model/discernus-settings.js";
import { findCallRecord } from "../../src/model/find-call-record.js";
import type { LedgerState } from "../../src/model/ledger-state.js";
import { MoneyFormatter } from "../../src/model/money-formatter.js";
import { progressLine } from "../../src/model/progress-line.js";
import { sidebarView } from "../../src/model/sidebar-view-model.js";
import { summarizeLedgerText } from "../../src/model/summarize-ledger-text.js";
import type { SidebarInput } from "../../src/model/view-context.js";
import { writeFixtureLedger, type FixtureLedger } from "./ledger-fixture.js";
import { snapshot } from "./snapshot-fixture.js";

const settings: DiscernusSettings = { ...DEFAULT_SETTINGS, locale: "en-US" };
const money = new MoneyFormatter(settings);

let fixture: FixtureLedger;
let loaded: LedgerState;
beforeAll(async () => {
  fixture = await writeFixtureLedger();
  const summary = await summarizeLedgerText(fixture.text, { recentCalls: 200 });
  loaded = {
    path: "study.provenance.jsonl",
    status: "loaded",
    origin: "file",
    history: summary.history,
    ...(summary.report ? { report: summary.report } : {}),
  };
});
afterAll(() => fixture.cleanup());

function input(overrides: Partial<SidebarInput> = {}): SidebarInput {
  const live = "live" in overrides ? overrides.live : snapshot();
  return {
    notebookPath: "study.ipynb",
    ledgerPath: "study.provenance.jsonl",
    live,
    liveRecent: live?.recent ?? [],
    ledger: loaded,
    project: undefined,
    settings,
    money,
    now: 1_002_000,
    ...overrides,
  };
}

describe("the sidebar while a run is live", () => {
  test("comes from the kernel: run, notebook and project spend with their raw figures", () => {
    const view = sidebarView(input());
    expect(view.source).toBe("live");
    expect(view.spend.run).toMatchObject({ nanoUsd: 2_000_000, text: "$0.002" });
    expect(view.spend.notebook).toMatchObject({ nanoUsd: 3_000_000_000, text: "$3.00" });
    expect(view.spend.project).toMatchObject({ nanoUsd: 9_000_000_000, text: "$9.00" });
    expect(view.spend.byModel.map((l) => l.key)).toEqual([
      "anthropic/claude-3-5-haiku-latest",
      "openai/gpt-4o-mini",
    ]);
    expect(view.spend.byProvider.map((l) => [l.key, l.nanoUsd])).toEqual([
      ["anthropic", 1_300_000],
      ["openai", 700_000],
    ]);
  });

  test("the budget bar: spent against the cap, warning from the threshold", () => {
    expect(sidebarView(input()).budget).toMatchObject({
      level: "ok",
      percent: 24,
      committedPercent: 30,
      text: "$1.20 of $5.00 (24%)",
      warning: "",
      stopped: "",
    });
    const warn = sidebarView(input({ live: snapshot({ spentNanoUsd: 4_250_000_000 }) })).budget;
    expect(warn.level).toBe("warn");
    expect(warn.warning).toMatch(/85% of the cap/);
  });

  test("says plainly when the cap stopped work, and what to do", () => {
    const stopped = sidebarView(input({ live: snapshot({ budgetRefused: 7 }) })).budget;
    expect(stopped.level).toBe("stopped");
    expect(stopped.stopped).toMatch(/^The budget cap of \$5\.00 stopped this run: 7 calls were refused\./);
    expect(stopped.stopped).toMatch(/budget\.capUsd/);
    // An older kernel reports refusals only as failures.
    const { budgetRefused: _, ...old } = snapshot({ failures: { budget_exceeded: 1 } });
    expect(sidebarView(input({ live: old })).budget.stopped).toMatch(/1 call was refused/);
  });

  test("rate limits per model with remaining, limits, reset and cool-down", () => {
    const { limits } = sidebarView(input());
    expect(limits.queueText).toBe("3 in flight · 12 queued · 4 rate-limit waits (2.1 s)");
    const [anthropic, openai] = limits.models;
    expect(anthropic).toMatchObject({ model: "anthropic/claude-3-5-haiku-latest", cooldownUntil: 1_004_200 });
    expect(anthropic!.cooldownText).toBe("Cooling down after a 429: 2.2 s left");
    expect(openai).toMatchObject({
      requestsRemaining: 380,
      requestsLimit: 500,
      tokensRemaining: 20_000,
      tokensLimit: 200_000,
      simulated: true,
      cooldownText: "",
    });
    expect(openai!.windows[0]!.text).toBe("120 / 500 used · 380 left · resets in 10 s");
    expect(openai!.windows[1]!.level).toBe("warn");
  });

  test("progress: finished of total, retries, fallbacks and failures with reasons", () => {
    const { progress } = sidebarView(input());
    expect(progress).toMatchObject({
      state: "running",
      done: 122,
      failed: 2,
      total: 400,
      percent: 30.5,
      label: "affect",
    });
    expect(progress.text).toBe("122 / 400 · 31% · 12 s");
    expect(progress.details).toEqual([
      "20 answered from the ledger (no cost)",
      "3 retries",
      "1 fallbacks to another model",
      "2 failed",
    ]);
    expect(progress.failures).toEqual([
      { code: "rate_limited", count: 2, reason: "rate limited (429) after every retry" },
    ]);
  });

  test("recent calls as text, capped by the settings", () => {
    const view = sidebarView(input({ settings: { ...settings, recentCalls: 1 } }));
    expect(view.recent).toHaveLength(1);
    expect(view.recent[0]).toMatchObject({
      callId: "c-2",
      statusLevel: "ok",
      tokensText: "1.2K in · 40 out",
      costText: "$0.000042",
      latencyText: "850 ms",
      excerpt: '<img src=x onerror="alert(1)"> {"valence": 0.4}',
    });
  });

  test("lists the live run above the ledger's runs", () => {
    const runs = sidebarView(input()).ledger.runs;
    expect(runs[0]).toMatchObject({ run: "run-1", state: "live" });
    expect(runs.slice(1).map((r) => r.run)).toEqual([fixture.expected.runB, fixture.expected.runA]);
  });
});

describe("the sidebar with no kernel reporting (from the ledger)", () => {
  test("shows the ledger's spend, the last run and the last session's budget", () => {
    const view = sidebarView(input({ live: undefined }));
    expect(view.source).toBe("ledger");
    expect(view.spend.notebook.nanoUsd).toBe(fixture.expected.costNanoUsd);
    // The last run (B) never got to call anything.
    expect(view.spend.run.nanoUsd).toBe(0);
    expect(view.spend.project.nanoUsd).toBeNull();
    expect(view.spend.byModel.map((l) => l.key)).toEqual([
      "anthropic/claude-3-5-haiku-latest",
      "openai/gpt-4o-mini",
    ]);
    expect(view.budget.level).toBe("stopped");
    expect(view.budget.stopped).toMatch(/stopped the last session: 2 calls were refused/);
    expect(view.progress).toMatchObject({ state: "incomplete", done: 0 });
    expect(view.limits.models).toEqual([]);
    expect(view.limits.note).toMatch(/while a cell runs/);
  });

  test("lists the ledger's latest calls, and the verdict", () => {
    const view = sidebarView(input({ live: undefined }));
    expect(view.recent[0]).toMatchObject({ callId: fixture.expected.cacheHitId, statusLevel: "cached" });
    expect(view.recent[1]).toMatchObject({ callId: fixture.expected.failedCallId, statusLevel: "failed" });
    expect(view.recent[2]!.excerpt).toBe(fixture.expected.lastAnswer);
    expect(view.ledger.status).toBe("verified");
    const records = fixture.text.split("\n").length - 2;
    expect(view.ledger.statusText).toBe(
      `study.provenance.jsonl: verified ${records} records (head ${loaded.report!.head!.slice(0, 12)}…).`,
    );
    expect(view.ledger.totals[0]).toMatch(
      new RegExp(`^All: ${fixture.expected.calls} calls · 1 from the ledger · 1 failed`),
    );
    expect(view.ledger.canEmbed).toBe(true);
  });

  test("says what to do when there is no ledger yet, and when none is open", () => {
    const absent = sidebarView(
      input({ live: undefined, ledger: { path: "study.provenance.jsonl", status: "absent" } }),
    );
    expect(absent.ledger.statusText).toMatch(/^No ledger yet: run a cell that opens a Discernus session\(\)/);
    expect(absent.progress.state).toBe("idle");
    expect(absent.spend.notebook.text).toBe("—");
    expect(sidebarView(input({ notebookPath: undefined, live: undefined })).empty).toMatch(/Open a notebook/);
  });

  test("says where a corrupt ledger fails", () => {
    const corrupt: LedgerState = {
      ...loaded,
      report: {
        status: "corrupt",
        records: 3,
        head: "ab",
        notebook: "study.ipynb",
        problem: { line: 5, problem: "line 5 does not chain" },
      },
    };
    const view = sidebarView(input({ live: undefined, ledger: corrupt }));
    expect(view.ledger.status).toBe("corrupt");
    expect(view.ledger.statusText).toMatch(/does not verify: line 5 does not chain\. Restore it/);
  });
});

describe("the inline progress line", () => {
  test("reads like the kernel's: done/total, spend of cap, retries, waits, time, state", () => {
    expect(progressLine(snapshot(), money).text).toBe(
      "affect: 122/400 · $1.20 spent of $5.00 · 20 from the ledger · 2 failed · 3 retries · 1 fallbacks · 4 rate-limit waits (2.1 s) · 12 s",
    );
    const done = progressLine(
      snapshot({ state: "done", done: 398, budgetRefused: 3, capNanoUsd: null }),
      money,
    );
    expect(done.percent).toBe(100);
    expect(done.text).toMatch(/\$1\.20 spent · .* budget cap stopped 3 calls · 12 s · done$/);
  });
});

describe("finding a call's record in the ledger", () => {
  test("finds the call itself, not the cache hit that points at it; and the cache hit by its own id", () => {
    const call = findCallRecord(fixture.text, fixture.expected.firstCallId);
    expect(call).toMatchObject({ type: "call", call: fixture.expected.firstCallId });
    const hit = findCallRecord(fixture.text, fixture.expected.cacheHitId);
    expect(hit).toMatchObject({ type: "cache_hit", original: { call: fixture.expected.firstCallId } });
    expect(findCallRecord(fixture.text, "no-such-call")).toBeUndefined();
    expect(findCallRecord(fixture.text, 'x"}')).toBeUndefined();
  });
});
