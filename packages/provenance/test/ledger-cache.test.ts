import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Gateway, ReplayMissError, type GatewayResponse } from "@discernus/gateway";
import {
  answerStorePathFor,
  Ledger,
  LedgerCorruptError,
  summarizeLedger,
  verifyLedger,
} from "../src/index.js";

const TONE = {
  type: "json_schema" as const,
  name: "tone",
  schema: {
    type: "object",
    properties: { score: { type: "number", minimum: -1, maximum: 1 }, evidence: { type: "string" } },
    required: ["score", "evidence"],
    additionalProperties: false,
  },
};
import { corpusText, rate, startLedgerHarness, TEST_KEY, type LedgerHarness } from "./ledger-fixture.js";

let h: LedgerHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const records = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .slice(1, -1)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the ledger as the gateway's cache and record", () => {
  it("records every call, and a new kernel re-running the cell is served from the ledger at $0", async () => {
    h = await startLedgerHarness();
    const first = await h.kernel();
    const models = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"];
    const paid: GatewayResponse[] = await Promise.all(
      models.flatMap((m) => [0, 1, 2, 3, 4].map((i) => first.gateway.complete(rate(m, i)))),
    );
    await first.ledger.close();
    expect(h.sim.stats().totalRequests).toBe(10);
    const calls = records(h.ledgerPath).filter((r) => r.type === "call");
    expect(calls).toHaveLength(10);
    expect(calls[0]).toMatchObject({
      outcome: "ok",
      store: "full",
      request: { messages: [{ role: "system" }, { role: "user" }], maxTokens: 48 },
      cost: { source: { name: "@pydantic/genai-prices" } },
      tags: { run: "run-1" },
    });

    const second = await h.kernel();
    const again = await Promise.all(
      models.flatMap((m) => [0, 1, 2, 3, 4].map((i) => second.gateway.complete(rate(m, i)))),
    );
    expect(h.sim.stats().totalRequests).toBe(10);
    expect(again.map((r) => r.text)).toEqual(paid.map((r) => r.text));
    expect(again.every((r) => r.cached && r.cost.totalNanoUsd === 0)).toBe(true);
    const totals = second.ledger.totals;
    expect(totals.all).toMatchObject({ calls: 10, cacheHits: 10, failed: 0 });
    expect(totals.all.costNanoUsd).toBe(paid.reduce((s, r) => s + r.cost.totalNanoUsd, 0));
    expect(totals.byProvider.anthropic?.calls).toBe(5);
    expect(totals.byRun["run-1"]?.cacheHits).toBe(10);

    const fresh = await second.gateway.complete(rate(models[0]!, 0, { fresh: true }));
    expect(fresh.cached).toBe(false);
    expect(h.sim.stats().totalRequests).toBe(11);
    await second.ledger.close();

    const all = records(h.ledgerPath);
    const hits = all.filter((r) => r.type === "cache_hit");
    expect(hits).toHaveLength(10);
    // Each hit points at the record that paid for its answer.
    for (const hit of hits) {
      const original = all.find((r) => r.seq === (hit.original as { seq: number }).seq);
      expect(original).toMatchObject({ type: "call", cacheKey: hit.cacheKey });
    }
    expect(all.filter((r) => r.type === "session")).toHaveLength(2);
    expect((await verifyLedger(h.ledgerPath)).status).toBe("verified");
  });

  it("replays without keys and without calling a provider, and fails clearly on a request it has not seen", async () => {
    h = await startLedgerHarness();
    const live = await h.kernel();
    const paid = await live.gateway.complete(rate("openai/gpt-4o-mini", 1));
    await live.ledger.close();

    const replay = await h.kernel({ mode: "replay", gateway: { env: {} } });
    const served = await replay.gateway.complete(rate("openai/gpt-4o-mini", 1, { fresh: true }));
    expect(served.text).toBe(paid.text);
    expect(served.cost.totalNanoUsd).toBe(0);
    const miss = replay.gateway.complete(rate("openai/gpt-4o-mini", 2));
    await expect(miss).rejects.toBeInstanceOf(ReplayMissError);
    await expect(miss).rejects.toThrow(
      /holds no answer for this openai\/gpt-4o-mini request.*run the cell live/,
    );
    expect(h.sim.stats().totalRequests).toBe(1);
  });

  it("a reproduction answers from the recorded ledger as the provider did, records what it repeated, and re-uses its own answers", async () => {
    h = await startLedgerHarness();
    const live = await h.kernel();
    const paid = await live.gateway.complete(rate("openai/gpt-4o-mini", 1));
    await live.ledger.close();
    const recorded = join(h.dir, "recorded", "study.provenance.jsonl");
    mkdirSync(join(h.dir, "recorded"));
    copyFileSync(h.ledgerPath, recorded);
    rmSync(h.ledgerPath);

    const source = await Ledger.open(recorded, { notebook: "study.ipynb", mode: "replay" });
    const replay = await h.kernel({ gateway: { env: {}, mode: "replay", replaySource: source } });
    const first = await replay.gateway.complete(rate("openai/gpt-4o-mini", 1));
    // What the notebook saw then: the answer, its usage, cost and latency, as a call, not a cache hit.
    expect(first).toMatchObject({
      text: paid.text,
      cached: false,
      cost: paid.cost,
      usage: paid.usage,
      latencyMs: paid.latencyMs,
      replayOf: paid.callId,
    });
    const again = await replay.gateway.complete(rate("openai/gpt-4o-mini", 1));
    expect(again.cached).toBe(true);
    await expect(replay.gateway.complete(rate("openai/gpt-4o-mini", 2))).rejects.toBeInstanceOf(
      ReplayMissError,
    );
    await replay.ledger.close();
    await source.close();
    expect(h.sim.stats().totalRequests).toBe(1);
    const calls = records(h.ledgerPath).filter((r) => r.type === "call");
    expect(calls.map((r) => [r.outcome, r.replayOf ?? (r.error as { code: string }).code])).toEqual([
      ["ok", paid.callId],
      ["failed", "replay_miss"],
    ]);
    expect(records(h.ledgerPath).filter((r) => r.type === "cache_hit")).toHaveLength(1);
    expect((await verifyLedger(h.ledgerPath)).status).toBe("verified");
    // A replay source serves only a replay: a live gateway with one is refused.
    expect(
      () => new Gateway({ config: { providers: { local: { kind: "local" } } }, replaySource: source }),
    ).toThrow(/replaySource: answers a reproduction from a recorded ledger.*mode "replay"/);
  });

  it("refuses to replay when there is no ledger", async () => {
    h = await startLedgerHarness();
    await expect(h.kernel({ mode: "replay" })).rejects.toThrow(
      /no such ledger; replay answers only from a notebook's ledger/,
    );
  });

  it("in hash mode keeps no corpus text or answer in the ledger, and never a key, yet a new kernel's re-run is free", async () => {
    h = await startLedgerHarness();
    const { gateway, ledger } = await h.kernel({ store: "hash" });
    const first = await gateway.complete(
      rate("anthropic/claude-3-5-haiku-latest", 3, { responseFormat: TONE }),
    );
    await ledger.close();
    const next = await h.kernel({ store: "hash" });
    const again = await next.gateway.complete(
      rate("anthropic/claude-3-5-haiku-latest", 3, { responseFormat: TONE }),
    );
    expect(again.cached).toBe(true);
    expect(again.text).toBe(first.text);
    expect(again.json).toEqual(first.json);
    expect(h.sim.stats().totalRequests).toBe(1);
    await next.ledger.close();
    // The answers are in the private store beside the ledger, which is never embedded.
    expect(readFileSync(answerStorePathFor(h.ledgerPath), "utf8")).toContain(
      JSON.stringify(first.text).slice(1, -1),
    );
    const text = readFileSync(h.ledgerPath, "utf8");
    expect(text).not.toContain(corpusText(3));
    expect(text).not.toContain("Rate the tone");
    expect(text).not.toContain(first.text);
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toMatch(/authorization|x-api-key|bearer/i);
    const call = records(h.ledgerPath).find((r) => r.type === "call");
    expect(call).toMatchObject({
      store: "hash",
      response: { textSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it("records failed calls with every attempt and the fallback route, and budget refusals", async () => {
    h = await startLedgerHarness();
    const { gateway, ledger } = await h.kernel({ config: { budget: { capUsd: 0.001 } } });
    h.sim.inject({ model: "gpt-4o-mini", fault: "500", count: 5 });
    const fellBack = await gateway.complete(
      rate("openai/gpt-4o-mini", 4, { fallbacks: ["anthropic/claude-3-5-haiku-latest"] }),
    );
    expect(fellBack.route).toEqual(["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]);
    h.sim.inject({ model: "gpt-4o-mini", fault: "500", count: 5 });
    await expect(gateway.complete(rate("openai/gpt-4o-mini", 5, { fallbacks: [] }))).rejects.toThrow();
    await expect(gateway.complete(rate("openai/gpt-4o-mini", 6, { maxTokens: 100_000 }))).rejects.toThrow(
      /budget/,
    );
    await ledger.close();
    const all = records(h.ledgerPath);
    const [ok, failed] = all.filter((r) => r.type === "call");
    expect(ok).toMatchObject({ outcome: "ok", route: fellBack.route });
    expect((ok?.attempts as unknown[]).length).toBe(fellBack.attempts.length);
    expect(failed).toMatchObject({ outcome: "failed", error: { code: "provider_server_error" } });
    expect((failed?.attempts as unknown[]).length).toBeGreaterThan(1);
    expect(all.find((r) => r.type === "budget")).toMatchObject({ action: "refused", capNanoUsd: 1_000_000 });
    const reopened = await Ledger.open(h.ledgerPath, { notebook: "study.ipynb" });
    expect(reopened.totals.all).toMatchObject({ calls: 2, failed: 1, fallbacks: 1 });
    expect(reopened.totals.all.retries).toBeGreaterThan(0);
    expect(reopened.totals.budget.refused).toBe(1);
    await reopened.close();
  });

  it("refuses to open an edited ledger or another notebook's, naming the line or the notebook", async () => {
    h = await startLedgerHarness();
    const { gateway, ledger } = await h.kernel();
    await gateway.complete(rate("openai/gpt-4o-mini", 1));
    await gateway.complete(rate("openai/gpt-4o-mini", 2));
    await ledger.close();
    await expect(Ledger.open(h.ledgerPath, { notebook: "other.ipynb" })).rejects.toThrow(
      /ledger of "study.ipynb".*not of other.ipynb/,
    );
    const lines = readFileSync(h.ledgerPath, "utf8").split("\n");
    lines[2] = lines[2]!.replace(/"text":"[^"]*"/, '"text":"a better answer"');
    writeFileSync(h.ledgerPath, lines.join("\n"));
    const opened = Ledger.open(h.ledgerPath, { notebook: "study.ipynb" });
    await expect(opened).rejects.toBeInstanceOf(LedgerCorruptError);
    await expect(opened).rejects.toThrow(/line 4: does not chain/);
  });

  it("saves its index on close; the next session starts from it, indexes what a killed session appended, and answers the same", async () => {
    h = await startLedgerHarness();
    const model = "openai/gpt-4o-mini";
    const first = await h.kernel();
    for (const i of [0, 1, 2]) await first.gateway.complete(rate(model, i));
    await first.ledger.close();
    expect(existsSync(`${h.ledgerPath}.index`)).toBe(true);
    // A session that never closes (a killed kernel): its records are past the saved index.
    const killed = await h.kernel();
    for (const i of [3, 4]) await killed.gateway.complete(rate(model, i));
    const third = await h.kernel();
    for (const i of [0, 1, 2, 3, 4]) expect((await third.gateway.complete(rate(model, i))).cached).toBe(true);
    expect(h.sim.stats().totalRequests).toBe(5);
    await third.ledger.close();
    const reopened = await Ledger.open(h.ledgerPath, { notebook: "study.ipynb" });
    const fromScratch = await summarizeLedger(h.ledgerPath);
    expect(reopened.totals).toEqual(fromScratch.totals);
    await reopened.close();
  });

  it("does not serve an answer whose line was changed after it was indexed", async () => {
    h = await startLedgerHarness();
    const first = await h.kernel();
    await first.gateway.complete(rate("openai/gpt-4o-mini", 0));
    await first.gateway.complete(rate("openai/gpt-4o-mini", 1));
    await first.ledger.close();
    // Same length, so the saved index still fits the file: only the line's own hash can tell.
    const lines = readFileSync(h.ledgerPath, "utf8").split("\n");
    lines[2] = lines[2]!.replace('"maxTokens":48', '"maxTokens":49');
    writeFileSync(h.ledgerPath, lines.join("\n"));
    const second = await h.kernel();
    const served = second.gateway.complete(rate("openai/gpt-4o-mini", 0));
    await expect(served).rejects.toBeInstanceOf(LedgerCorruptError);
    await expect(served).rejects.toThrow(/line 3: changed since it was verified/);
    expect(h.sim.stats().totalRequests).toBe(2);
    expect((await verifyLedger(h.ledgerPath)).problem?.line).toBe(4);
  });

  it("does not serve a hash-mode answer whose private copy was changed", async () => {
    h = await startLedgerHarness();
    const first = await h.kernel({ store: "hash" });
    const paid = await first.gateway.complete(rate("openai/gpt-4o-mini", 7));
    await first.ledger.close();
    const store = answerStorePathFor(h.ledgerPath);
    const text = JSON.stringify(paid.text).slice(1, -1);
    writeFileSync(store, readFileSync(store, "utf8").replace(text, text.replace(/^./, "X")));
    const second = await h.kernel({ store: "hash" });
    await expect(second.gateway.complete(rate("openai/gpt-4o-mini", 7))).rejects.toThrow(
      /answers.jsonl, line 2: this answer does not match the sha256 the ledger recorded/,
    );
  });
});

describe("a ledger that cannot be written", () => {
  it("says the record of which call could not be written, and how to go on", () => {
    const dir = mkdtempSync(join(tmpdir(), "discernus-full-"));
    try {
      const fixture = new URL("./fixtures/record-until-full.mjs", import.meta.url).pathname;
      // A 16 KB file-size limit: the write past it fails with EFBIG, as a full disk fails with ENOSPC.
      const run = spawnSync(
        "bash",
        [
          "-c",
          `ulimit -f 32; exec "${process.execPath}" "${fixture}" "${join(dir, "study.provenance.jsonl")}"`,
        ],
        {
          encoding: "utf8",
        },
      );
      const error = JSON.parse(run.stdout) as { code: string; name: string; message: string };
      expect(error).toMatchObject({ code: "ledger_write_failed", name: "LedgerWriteError" });
      expect(error.message).toMatch(
        /the record of call call-\d+ could not be written \(.*\)\. Free disk space/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
