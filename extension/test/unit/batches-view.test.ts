import { describe, expect, test } from "vitest";
import { MAX_FINISHED_BATCHES } from "../../src/model/batches-view.js";
import { DEFAULT_SETTINGS, type DiscernusSettings } from "../../src/model/discernus-settings.js";
import { LedgerHistoryBuilder } from "../../src/model/ledger-history.js";
import type { LedgerState } from "../../src/model/ledger-state.js";
import { MoneyFormatter } from "../../src/model/money-formatter.js";
import { sidebarView } from "../../src/model/sidebar-view-model.js";
import type { BatchProgress } from "../../src/model/telemetry-snapshot.js";
import type { SidebarInput } from "../../src/model/view-context.js";
import { BatchRecords, counts } from "./batch-records.js";
import { snapshot } from "./snapshot-fixture.js";

const settings: DiscernusSettings = { ...DEFAULT_SETTINGS, locale: "en-US" };
const HOUR = 3_600_000;

function batch(overrides: Partial<BatchProgress> = {}): BatchProgress {
  return {
    batchId: "batch_abc",
    provider: "openai",
    model: "gpt-4o-mini",
    state: "in_progress",
    items: 400,
    succeeded: 180,
    errored: 20,
    expired: 0,
    cancelled: 0,
    processing: 200,
    submittedAt: 1_000_000,
    expiresAt: 1_000_000 + 24 * HOUR,
    resumed: false,
    costNanoUsd: 900_000,
    ...overrides,
  };
}

function input(overrides: Partial<SidebarInput> = {}): SidebarInput {
  const live = "live" in overrides ? overrides.live : snapshot();
  return {
    notebookPath: "study.ipynb",
    ledgerPath: "study.provenance.jsonl",
    live,
    liveRecent: [],
    ledger: undefined,
    project: undefined,
    settings,
    money: new MoneyFormatter(settings),
    now: 1_000_000 + 2 * HOUR,
    ...overrides,
  };
}

function loaded(records: ReturnType<BatchRecords["submitted"]>[]): LedgerState {
  const builder = new LedgerHistoryBuilder();
  for (const record of records) builder.add(record);
  return { path: "study.provenance.jsonl", status: "loaded", origin: "file", history: builder.build() };
}

describe("the batches of a live run", () => {
  test("show provider/model, state, done of items, time to expiry and the cost so far", () => {
    const view = sidebarView(input({ live: snapshot({ mode: "batch", batches: [batch()] }) }));
    expect(view.batches.summary).toBe("1 in flight");
    expect(view.batches.items).toEqual([
      {
        batchId: "batch_abc",
        provider: "openai",
        title: "openai/gpt-4o-mini",
        state: "in_progress",
        stateText: "in progress",
        inFlight: true,
        items: 400,
        done: 200,
        succeeded: 180,
        errored: 20,
        expired: 0,
        cancelled: 0,
        processing: 200,
        percent: 50,
        progressText: "200 / 400 · 50% · 20 errored",
        expiresInMs: 22 * HOUR,
        expiryText: "expires in 22 h 00 min",
        costNanoUsd: 900_000,
        costText: "$0.0009 so far",
        resumed: false,
        error: "",
        label:
          "Batch openai/gpt-4o-mini (batch_abc): in progress, 200 / 400 · 50% · 20 errored, expires in 22 h 00 min, $0.0009 so far",
      },
    ]);
  });

  test("put batches in flight first, and name a mixed-model batch by its provider", () => {
    const view = sidebarView(
      input({
        live: snapshot({
          batches: [
            batch({ batchId: "done", state: "collected", processing: 0, succeeded: 400, errored: 0 }),
            batch({ batchId: "msgbatch", provider: "anthropic", model: undefined, submittedAt: 1_100_000 }),
            batch({ batchId: "early", state: "ended", submittedAt: 900_000 }),
          ],
        }),
      }),
    );
    expect(view.batches.items.map((b) => [b.batchId, b.inFlight, b.title])).toEqual([
      ["early", true, "openai/gpt-4o-mini"],
      ["msgbatch", true, "anthropic"],
      ["done", false, "openai/gpt-4o-mini"],
    ]);
    expect(view.batches.items[0]?.stateText).toBe("ended, results not collected yet");
    expect(view.batches.items[2]).toMatchObject({
      costText: "$0.0009",
      expiryText: "",
      expiresInMs: undefined,
    });
    expect(view.batches.summary).toBe("2 in flight · 1 finished");
  });

  test("say a batch was resumed and when the provider's window has passed", () => {
    const view = sidebarView(
      input({ live: snapshot({ batches: [batch({ resumed: true, expiresAt: 1_000_000 + HOUR })] }) }),
    );
    expect(view.batches.items[0]).toMatchObject({
      resumed: true,
      expiresInMs: 0,
      expiryText: "past the provider's expiry",
    });
    expect(view.batches.items[0]?.label).toContain("resumed from the ledger");
  });

  test("show the cost in the chosen currency", () => {
    const euros: DiscernusSettings = { ...settings, currency: "EUR", usdRate: 0.5, locale: "de-DE" };
    const view = sidebarView(
      input({
        settings: euros,
        money: new MoneyFormatter(euros),
        live: snapshot({ batches: [batch({ costNanoUsd: 4_000_000_000, state: "collected" })] }),
      }),
    );
    expect(view.batches.items[0]?.costText).toBe(new MoneyFormatter(euros).format(4_000_000_000));
    expect(view.batches.items[0]?.costText).toContain("€");
    expect(view.batches.items[0]?.costText).toContain("2,00");
  });

  test("are none in an interactive run, so the section stays hidden", () => {
    const view = sidebarView(input({ live: snapshot({ mode: "interactive", batches: [] }) }));
    expect(view.batches).toEqual({ items: [], summary: "" });
  });
});

describe("the batches of the ledger, with no kernel reporting", () => {
  test("show the ledger's batches, in flight first, then the finished ones newest first", () => {
    const r = new BatchRecords();
    const ledger = loaded([
      r.submitted("batch_old", 2),
      r.collected("batch_old", "ended", counts(2, { succeeded: 2 }), 30_000),
      r.submitted("batch_run", 10),
      r.polled("batch_run", "in_progress", counts(10, { succeeded: 4 })),
      r.submitted("batch_failed", 3),
      r.collected("batch_failed", "failed", counts(3, { processing: 0 }), 0, {
        error: { code: "invalid_request", message: "malformed input file" },
      }),
    ]);
    const view = sidebarView(input({ live: undefined, ledger, now: r.now }));
    expect(view.batches.items.map((b) => [b.batchId, b.state, b.inFlight])).toEqual([
      ["batch_run", "in_progress", true],
      ["batch_failed", "failed", false],
      ["batch_old", "collected", false],
    ]);
    expect(view.batches.items[0]).toMatchObject({
      progressText: "4 / 10 · 40%",
      costText: "$0.00 so far",
      expiryText: "expires in 23 h 56 min",
    });
    expect(view.batches.items[1]).toMatchObject({
      error: "malformed input file",
      progressText: "0 / 3 · 0%",
    });
    expect(view.batches.items[2]).toMatchObject({ progressText: "2 / 2 · 100%", costText: "$0.00003" });
  });

  test("are the ledger's while a live run does not report batches", () => {
    const r = new BatchRecords();
    const ledger = loaded([r.submitted("batch_a", 2)]);
    const view = sidebarView(input({ ledger, now: r.now }));
    expect(view.source).toBe("live");
    expect(view.batches.items.map((b) => b.batchId)).toEqual(["batch_a"]);
  });

  test("show only the latest finished batches of a long ledger", () => {
    const r = new BatchRecords();
    const records = [];
    for (let i = 0; i < MAX_FINISHED_BATCHES + 5; i++) {
      records.push(r.submitted(`batch_${i}`, 1));
      records.push(r.collected(`batch_${i}`, "ended", counts(1, { succeeded: 1 }), 10));
    }
    const view = sidebarView(input({ live: undefined, ledger: loaded(records), now: r.now }));
    expect(view.batches.items).toHaveLength(MAX_FINISHED_BATCHES);
    expect(view.batches.items[0]?.batchId).toBe(`batch_${MAX_FINISHED_BATCHES + 4}`);
    expect(view.batches.summary).toBe(`15 finished (the latest ${MAX_FINISHED_BATCHES} shown)`);
  });
});
