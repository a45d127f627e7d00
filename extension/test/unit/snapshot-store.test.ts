import { describe, expect, test } from "vitest";
import { parseSnapshot } from "../../src/model/parse-snapshot.js";
import { SnapshotStore } from "../../src/model/snapshot-store.js";
import { snapshot } from "./snapshot-fixture.js";

describe("reading a telemetry snapshot", () => {
  test("accepts the JSON string kernel-helpers sends and the object Jupyter may have parsed", () => {
    const s = snapshot();
    expect(parseSnapshot(JSON.stringify(s))).toEqual(s);
    expect(parseSnapshot(s)).toEqual(s);
  });

  test("accepts an older kernel's snapshot without the newer fields", () => {
    const { notebook: _n, project: _p, budgetRefused: _b, simulated: _s, ...old } = snapshot();
    expect(parseSnapshot(JSON.stringify(old))).toEqual(old);
  });

  test("ignores what is not a snapshot: bad JSON, another version, missing or negative counts", () => {
    for (const bad of [
      "{not json",
      "null",
      "[]",
      42,
      null,
      { ...snapshot(), v: 2 },
      { ...snapshot(), run: "" },
      { ...snapshot(), state: "paused" },
      { ...snapshot(), done: -1 },
      { ...snapshot(), total: "400" },
      { ...snapshot(), capNanoUsd: "5" },
      { ...snapshot(), elapsedMs: Number.NaN },
    ])
      expect(parseSnapshot(bad), JSON.stringify(bad)).toBeUndefined();
  });

  test("drops a malformed part and keeps the rest", () => {
    const s = parseSnapshot({
      ...snapshot(),
      limits: {
        good: { observedAt: 1, requests: { limit: 5, remaining: 4, resetMs: 1 } },
        bad: { observedAt: "x" },
      },
      recent: [
        {
          callId: "ok-1",
          model: "m",
          status: "ok",
          inputTokens: 1,
          outputTokens: 1,
          costNanoUsd: 1,
          latencyMs: 1,
          at: 1,
        },
        { callId: 5 },
      ],
      project: "lots",
      notebook: { path: 1 },
    });
    expect(Object.keys(s!.limits)).toEqual(["good"]);
    expect(s!.recent.map((c) => c.callId)).toEqual(["ok-1"]);
    expect(s!.project).toBeUndefined();
    expect(s!.notebook).toBeUndefined();
  });

  test("never throws on garbage", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const text = JSON.stringify(snapshot());
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(rand() * text.length);
      const garbled = text.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + text.slice(at + 1);
      expect(() => parseSnapshot(garbled)).not.toThrow();
    }
  });
});

describe("the snapshot store", () => {
  test("keeps the latest snapshot per run and per notebook", () => {
    const store = new SnapshotStore();
    store.offer("a.ipynb", snapshot({ done: 10, elapsedMs: 100 }));
    store.offer("a.ipynb", snapshot({ done: 20, elapsedMs: 200 }));
    store.offer("b.ipynb", snapshot({ run: "run-b", done: 5, elapsedMs: 50 }));
    expect(store.latest("a.ipynb")?.done).toBe(20);
    expect(store.latest("b.ipynb")?.run).toBe("run-b");
    expect(store.latest("c.ipynb")).toBeUndefined();
  });

  test("shows the run updated last when a notebook has several", () => {
    const store = new SnapshotStore();
    store.offer("a.ipynb", snapshot({ run: "first", state: "done", elapsedMs: 100 }));
    store.offer("a.ipynb", snapshot({ run: "second", elapsedMs: 10 }));
    expect(store.latest("a.ipynb")?.run).toBe("second");
    expect(store.runs("a.ipynb").map((s) => s.run)).toEqual(["second", "first"]);
  });

  test("ignores snapshots that arrive out of order, and a finished run running again", () => {
    const store = new SnapshotStore();
    expect(store.offer("a", snapshot({ done: 50, elapsedMs: 500 }))).toBe("accepted");
    expect(store.offer("a", snapshot({ done: 40, elapsedMs: 400 }))).toBe("stale");
    expect(store.offer("a", snapshot({ done: 60, elapsedMs: 450 }))).toBe("stale");
    expect(store.offer("a", snapshot({ done: 100, state: "done", elapsedMs: 900 }))).toBe("accepted");
    expect(store.offer("a", snapshot({ done: 100, state: "running", elapsedMs: 950 }))).toBe("stale");
    expect(store.latest("a")?.state).toBe("done");
    expect(store.counts).toEqual({ accepted: 2, garbled: 0, stale: 3 });
  });

  test("counts garbled input and keeps what it had", () => {
    const store = new SnapshotStore();
    store.offer("a", snapshot({ done: 7 }));
    const version = store.version;
    expect(store.offer("a", "{garbled")).toBe("garbled");
    expect(store.offer("a", { v: 1 })).toBe("garbled");
    expect(store.latest("a")?.done).toBe(7);
    expect(store.version).toBe(version);
    expect(store.counts.garbled).toBe(2);
  });

  test("gathers recent calls across snapshots, newest first, once each, up to its cap", () => {
    const store = new SnapshotStore({ maxRecentCalls: 5 });
    const call = (n: number) => ({ ...snapshot().recent[0]!, callId: `c${n}`, at: n });
    for (let n = 0; n < 8; n += 2)
      store.offer(
        "a",
        snapshot({
          done: n,
          elapsedMs: n,
          recent: [call(n + 1), call(n), call(n - 1)].filter((c) => c.at >= 0),
        }),
      );
    expect(store.recentCalls("a").map((c) => c.callId)).toEqual(["c7", "c6", "c5", "c4", "c3"]);
  });

  test("forgets a notebook's live runs when its kernel restarts, and follows a rename", () => {
    const store = new SnapshotStore();
    store.offer("a", snapshot());
    store.rename("a", "b");
    expect(store.latest("a")).toBeUndefined();
    expect(store.latest("b")?.run).toBe("run-1");
    store.clear("b");
    expect(store.latest("b")).toBeUndefined();
  });

  test("remembers the project's spend across notebooks", () => {
    const store = new SnapshotStore();
    store.offer("a", snapshot({ project: { spentNanoUsd: 5, ledgers: 2 } }));
    store.offer("b", snapshot({ project: undefined }));
    expect(store.project).toEqual({ spentNanoUsd: 5, ledgers: 2 });
  });

  test("folds 10,000 snapshots (4 a second for 40 minutes) fast", () => {
    const store = new SnapshotStore();
    const texts = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify(
        snapshot({
          done: i,
          elapsedMs: i * 250,
          recent: Array.from({ length: 20 }, (_, k) => ({
            ...snapshot().recent[0]!,
            callId: `c${i}-${k}`,
            at: i * 1000 - k,
          })),
        }),
      ),
    );
    const started = performance.now();
    for (const text of texts) store.offer("study.ipynb", text);
    const ms = performance.now() - started;
    console.log(
      `[figures] 10,000 snapshots (20 recent calls each) folded in ${ms.toFixed(0)} ms (${((ms / 10_000) * 1000).toFixed(0)} µs each)`,
    );
    expect(store.counts.accepted).toBe(10_000);
    expect(store.latest("study.ipynb")?.done).toBe(9_999);
    expect(store.recentCalls("study.ipynb")).toHaveLength(200);
    // Loose: a snapshot arrives every 250 ms; folding one must take a tiny part of that.
    expect(ms / 10_000).toBeLessThan(2);
  });
});
