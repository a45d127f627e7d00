import { describe, expect, test } from "vitest";
import { parseSnapshot } from "../../src/model/parse-snapshot.js";
import type { BatchProgress } from "../../src/model/telemetry-snapshot.js";
import { snapshot } from "./snapshot-fixture.js";

/** An OpenAI batch half done, and an Anthropic one (mixed models) resumed from the ledger and collected. */
const batches: BatchProgress[] = [
  {
    batchId: "batch_abc",
    provider: "openai",
    model: "openai/gpt-4o-mini",
    state: "in_progress",
    items: 400,
    succeeded: 180,
    errored: 20,
    expired: 0,
    cancelled: 0,
    processing: 200,
    submittedAt: 1_000_000,
    expiresAt: 1_000_000 + 86_400_000,
    resumed: false,
    costNanoUsd: 900_000,
  },
  {
    batchId: "msgbatch_01",
    provider: "anthropic",
    state: "collected",
    items: 50,
    succeeded: 50,
    errored: 0,
    expired: 0,
    cancelled: 0,
    processing: 0,
    submittedAt: 900_000,
    resumed: true,
    costNanoUsd: 120_000,
  },
];

describe("reading a snapshot's batches", () => {
  test("reads the mode and every batch whole", () => {
    const s = snapshot({ mode: "batch", batches });
    expect(parseSnapshot(JSON.stringify(s))).toEqual(s);
  });

  test("leaves both out when an older kernel does not send them", () => {
    const read = parseSnapshot(JSON.stringify(snapshot()));
    expect(read).toBeDefined();
    expect(read).not.toHaveProperty("batches");
    expect(read).not.toHaveProperty("mode");
  });

  test("ignores a garbled batches field and keeps the snapshot", () => {
    for (const garbled of [{}, "batch_abc", 42, null, { 0: batches[0] }]) {
      const read = parseSnapshot({ ...snapshot(), mode: "turbo", batches: garbled });
      expect(read, JSON.stringify(garbled)).toBeDefined();
      expect(read).not.toHaveProperty("batches");
      expect(read).not.toHaveProperty("mode");
    }
  });

  test("drops a malformed batch and keeps the others", () => {
    const read = parseSnapshot({
      ...snapshot(),
      batches: [
        batches[0],
        { ...batches[0], batchId: "" },
        { ...batches[0], batchId: "b-state", state: "exploded" },
        { ...batches[0], batchId: "b-count", succeeded: -1 },
        { ...batches[0], batchId: "b-nan", items: "400" },
        null,
        "batch",
        [],
        batches[1],
      ],
    });
    expect(read?.batches?.map((b) => b.batchId)).toEqual(["batch_abc", "msgbatch_01"]);
  });

  test("drops a malformed optional field of a batch alone", () => {
    const { resumed: _resumed, ...noResumed } = batches[1]!;
    const read = parseSnapshot({
      ...snapshot(),
      batches: [{ ...batches[0], model: 7, expiresAt: "tomorrow" }, noResumed],
    });
    expect(read?.batches?.[0]).not.toHaveProperty("model");
    expect(read?.batches?.[0]).not.toHaveProperty("expiresAt");
    expect(read?.batches?.[0]?.items).toBe(400);
    expect(read?.batches?.[1]?.resumed).toBe(false);
  });

  test("never throws on garbage inside batches", () => {
    const garbage = [undefined, Symbol.iterator, () => 1, { batchId: { toString: null } }, [[[]]]];
    expect(() => parseSnapshot({ ...snapshot(), batches: garbage })).not.toThrow();
  });
});
