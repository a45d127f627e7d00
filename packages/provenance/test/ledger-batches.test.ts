import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GatewayResponse } from "@discernus/gateway";
import { checkRecord } from "../src/records/check-record.js";
import {
  Ledger,
  ledgerPathFor,
  verifyLedger,
  type BatchRecordItem,
  type CollectedItem,
  type StoredRequest,
} from "../src/index.js";

const key = (i: number) => i.toString(16).padStart(64, "0");
const request = (i: number): StoredRequest => ({
  model: "openai/gpt-4o-mini",
  resolvedModel: "openai/gpt-4o-mini",
  messages: [{ role: "user", content: `text ${i}` }],
  maxTokens: 50,
  stream: false,
});
const items: BatchRecordItem[] = [1, 2, 3].map((i) => ({
  customId: key(i),
  request: request(i),
  tags: { run: "r1", item: `t${i}` },
}));
const counts = { total: 3, processing: 0, succeeded: 2, errored: 1, expired: 0, cancelled: 0 };

function answer(item: BatchRecordItem, cost: number): CollectedItem {
  const response: GatewayResponse = {
    callId: `call-${item.customId.slice(-1)}`,
    model: "openai/gpt-4o-mini",
    provider: "openai",
    requestedModel: "openai/gpt-4o-mini",
    text: "{}",
    finishReason: "stop",
    usage: {
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
    },
    cost: {
      totalNanoUsd: cost,
      byKind: {
        inputTokens: cost,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
      },
      source: { name: "catalog", version: "test" },
    },
    attempts: [],
    route: ["openai/gpt-4o-mini"],
    cacheKey: item.customId,
    cached: false,
    latencyMs: 0,
    simulated: true,
  };
  return { item, callId: response.callId, response };
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "discernus-ledger-batches-"));
  path = ledgerPathFor(join(dir, "study.ipynb"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const submit = (ledger: Ledger) =>
  ledger.recordBatch({
    action: "submitted",
    batch: "batch_1",
    provider: "openai",
    run: "r1",
    providerKind: "openai",
    model: "openai/gpt-4o-mini",
    worstCaseNanoUsd: 900,
    items,
  });

describe("batch records in the ledger", () => {
  it("keeps a batch in flight across sessions (saved index and cold scan alike), then collects it once", async () => {
    let ledger = await Ledger.open(path, { notebook: "study.ipynb" });
    await submit(ledger);
    await ledger.recordBatch({
      action: "polled",
      batch: "batch_1",
      provider: "openai",
      state: "in_progress",
      counts,
    });
    await ledger.close();

    for (const cold of [false, true]) {
      if (cold) rmSync(`${path}.index`);
      ledger = await Ledger.open(path, { notebook: "study.ipynb" });
      expect(ledger.batches).toHaveLength(1);
      expect(ledger.batches[0]).toMatchObject({
        batch: "batch_1",
        items: 3,
        state: "in_progress",
        worstCaseNanoUsd: 900,
      });
      expect(ledger.batches[0]?.collected).toBeUndefined();
      expect((await ledger.batchItems("batch_1")).map((i) => i.customId)).toEqual(
        items.map((i) => i.customId),
      );
      await ledger.close();
    }

    ledger = await Ledger.open(path, { notebook: "study.ipynb" });
    const failed: CollectedItem = {
      item: items[2]!,
      callId: "call-3",
      error: { code: "batch_item_failed", message: "server error" },
    };
    const totals = await ledger.recordCollectedBatch(
      "batch_1",
      [answer(items[0]!, 100), answer(items[1]!, 200), failed],
      { state: "ended", counts },
      "r2",
    );
    expect(totals).toEqual({ answered: 2, failed: 1, costNanoUsd: 300 });
    expect(ledger.batches[0]?.collected).toMatchObject({ answered: 2, failed: 1, costNanoUsd: 300 });
    expect(ledger.totals.all).toMatchObject({ calls: 3, failed: 1, costNanoUsd: 300 });
    expect(ledger.totals.byRun.r2).toMatchObject({ calls: 3, costNanoUsd: 300 });
    // The answered items answer their requests from now on.
    expect((await ledger.get(key(1)))?.cost.totalNanoUsd).toBe(100);
    expect(await ledger.get(key(3))).toBeUndefined();
    // Collected once: a second collection records nothing.
    await ledger.recordCollectedBatch("batch_1", [answer(items[0]!, 100)], { state: "ended", counts });
    await ledger.close();
    const records = readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r.type === "call")).toHaveLength(3);
    expect(records.filter((r) => r.type === "batch").map((r) => r.action)).toEqual([
      "submitted",
      "polled",
      "collected",
    ]);
    expect((await verifyLedger(path)).status).toBe("verified");
  });

  it("finishes a collection a crash cut short without recording an item twice", async () => {
    const first = await Ledger.open(path, { notebook: "study.ipynb" });
    await submit(first);
    await first.recordCollectedBatch("batch_1", [answer(items[0]!, 100)], { state: "ended", counts });
    await first.close();
    const lines = readFileSync(path, "utf8").trim().split("\n");
    // As if the kernel died after writing the first item and before the `collected` record.
    writeFileSync(path, `${lines.slice(0, -1).join("\n")}\n`);
    rmSync(`${path}.index`);

    const second = await Ledger.open(path, { notebook: "study.ipynb" });
    expect(second.batches[0]?.recorded).toEqual([key(1)]);
    const totals = await second.recordCollectedBatch(
      "batch_1",
      items.map((i, n) => answer(i, 100 * (n + 1))),
      { state: "ended", counts: { ...counts, succeeded: 3, errored: 0 } },
    );
    expect(totals).toEqual({ answered: 3, failed: 0, costNanoUsd: 600 });
    expect(second.totals.all).toMatchObject({ calls: 3, costNanoUsd: 600 });
    await second.close();
    const calls = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.includes('"type":"call"'));
    expect(calls).toHaveLength(3);
    expect((await verifyLedger(path)).status).toBe("verified");
  });
});

describe("checkRecord for batches", () => {
  const base = { seq: 5, ts: "2026-12-02T00:00:00.000Z", prev: "0".repeat(64) };
  const submitted = {
    ...base,
    type: "batch",
    action: "submitted",
    batch: "b",
    provider: "openai",
    providerKind: "openai",
    worstCaseNanoUsd: 1,
    items,
  };
  it.each([
    ["a valid submitted record", submitted, undefined],
    ["no items", { ...submitted, items: [] }, "is a submitted batch without items"],
    [
      "an item id that is not a request hash",
      { ...submitted, items: [{ ...items[0], customId: "row-1" }] },
      "items[0] has no sha256 customId",
    ],
    ["an unknown action", { ...submitted, action: "sent" }, 'action "sent"'],
    [
      "a polled record without state",
      { ...base, type: "batch", action: "polled", batch: "b", provider: "openai" },
      "with state undefined",
    ],
    [
      "a collected record without its totals",
      { ...base, type: "batch", action: "collected", batch: "b", provider: "openai", state: "ended" },
      "without answered, failed and costNanoUsd",
    ],
  ])("%s", (_, record, problem) => {
    const found = checkRecord(record as Record<string, unknown>);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
