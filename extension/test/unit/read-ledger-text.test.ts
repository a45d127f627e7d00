import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ledger, summarizeLedger, verifyLedger } from "@discernus/provenance";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLedgerText } from "../../src/model/read-ledger-text.js";
import { summarizeLedgerText } from "../../src/model/summarize-ledger-text.js";
import { writeFixtureLedger, type FixtureLedger } from "./ledger-fixture.js";

let fixture: FixtureLedger;
beforeAll(async () => {
  fixture = await writeFixtureLedger();
});
afterAll(() => fixture.cleanup());

/** Writes `text` beside the fixture and returns node's verdict on it and the browser reader's. */
async function bothVerdicts(name: string, text: string) {
  const path = join(fixture.dir, name);
  writeFileSync(path, text);
  const node = await verifyLedger(path);
  const browser = (await readLedgerText(text)).report;
  return { node, browser };
}

const lines = () => fixture.text.split("\n").slice(0, -1);

describe("verifying a ledger in the browser agrees with provenance's verifyLedger", () => {
  test("on a good ledger: verified, same record count, head and notebook", async () => {
    const { node, browser } = await bothVerdicts("good.jsonl", fixture.text);
    expect(node.status).toBe("verified");
    expect(browser).toEqual(node);
  });

  test("when one byte of a record is changed", async () => {
    const all = lines();
    const i = 5;
    all[i] = all[i]!.replace('"valence\\": 0.', '"valence\\": 9.');
    expect(all[i]).not.toBe(lines()[i]);
    const { node, browser } = await bothVerdicts("byte.jsonl", all.join("\n") + "\n");
    expect(node.status).toBe("corrupt");
    expect(browser).toEqual(node);
  });

  test("when a line is removed", async () => {
    const all = lines();
    all.splice(6, 1);
    const { node, browser } = await bothVerdicts("removed.jsonl", all.join("\n") + "\n");
    expect(node.status).toBe("corrupt");
    expect(node.problem?.line).toBe(7);
    expect(browser).toEqual(node);
  });

  test("when the last line was cut short (a torn tail)", async () => {
    const { node, browser } = await bothVerdicts("torn.jsonl", fixture.text + '{"seq":99,"ty');
    expect(node.status).toBe("torn_tail");
    expect(browser).toEqual(node);
  });

  test("when a line was re-serialised with spaces (not canonical)", async () => {
    const all = lines();
    all[3] = JSON.stringify(JSON.parse(all[3]!), null, 1).replace(/\n/g, "");
    const { node, browser } = await bothVerdicts("spaces.jsonl", all.join("\n") + "\n");
    expect(node.status).toBe("corrupt");
    expect(browser).toEqual(node);
  });

  test("when the header is gone, or the file is empty", async () => {
    const headless = await bothVerdicts("headless.jsonl", lines().slice(1).join("\n") + "\n");
    expect(headless.browser).toEqual(headless.node);
    const empty = await bothVerdicts("empty.jsonl", "");
    expect(empty.node.status).toBe("corrupt");
    expect(empty.browser).toEqual(empty.node);
  });

  test("when a multi-byte character is changed (hashes are over UTF-8 bytes)", async () => {
    const all = lines();
    all[4] = all[4]!.replace("Answer", "Ånswer");
    const { node, browser } = await bothVerdicts("utf8.jsonl", all.join("\n") + "\n");
    expect(browser).toEqual(node);
  });
});

describe("the history read from a ledger", () => {
  test("has the totals `discernus report` computes (provenance's summarizeLedger)", async () => {
    const summary = await summarizeLedgerText(fixture.text);
    const node = await summarizeLedger(fixture.ledgerPath);
    expect(summary.history.totals).toEqual(node.totals);
    expect(summary.history.totals.all.costNanoUsd).toBe(fixture.expected.costNanoUsd);
    expect(summary.history.totals.budget).toEqual({ capNanoUsd: fixture.expected.capNanoUsd, refused: 2 });
  });

  test("lists runs newest first, the unfinished one marked incomplete", async () => {
    const { history } = await summarizeLedgerText(fixture.text);
    expect(history.runs.map((r) => [r.run, r.state])).toEqual([
      [fixture.expected.runB, "incomplete"],
      [fixture.expected.runA, "complete"],
    ]);
    const runA = history.runs[1]!;
    expect(runA.stated).toEqual({
      calls: fixture.expected.calls,
      cacheHits: 1,
      failed: 1,
      costNanoUsd: fixture.expected.costNanoUsd,
    });
    expect(runA.unscored).toBe(1);
    expect(runA.models).toEqual(["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]);
    expect(history.totals.byRun[fixture.expected.runA]?.calls).toBe(fixture.expected.calls);
  });

  test("tells a drift check from an analyze() run, naming the run it checked", async () => {
    const path = join(fixture.dir, "drift", "study.provenance.jsonl");
    mkdirSync(join(fixture.dir, "drift"));
    copyFileSync(fixture.ledgerPath, path);
    const ledger = await Ledger.open(path, { notebook: "study.ipynb" });
    const of = fixture.expected.runA;
    await ledger.recordRun({
      run: "drift-0003",
      phase: "start",
      kind: "drift",
      of,
      models: ["openai/gpt-4o-mini"],
    });
    await ledger.recordRun({ run: "drift-0003", phase: "end", kind: "drift", of });
    await ledger.close();
    const { history } = await summarizeLedgerText(readFileSync(path, "utf8"));
    expect(history.runs.map((r) => [r.run, r.drift])).toEqual([
      ["drift-0003", { of }],
      [fixture.expected.runB, undefined],
      [of, undefined],
    ]);
  });

  test("keeps the latest calls newest first, with status, tokens, cost and the answer as text", async () => {
    const { history } = await summarizeLedgerText(fixture.text, { recentCalls: 4 });
    expect(history.recent.map((c) => c.status)).toEqual(["cached", "rate_limited", "ok", "ok"]);
    const [hit, failed, last] = history.recent;
    expect(hit?.callId).toBe(fixture.expected.cacheHitId);
    expect(failed?.callId).toBe(fixture.expected.failedCallId);
    expect(failed?.excerpt).toContain("429");
    expect(last?.excerpt).toBe(fixture.expected.lastAnswer);
    expect(last?.inputTokens).toBeGreaterThan(0);
    expect(last?.costNanoUsd).toBeGreaterThan(0);
  });

  test("has the last session's cap, spend and refusals: the cap stopped work", async () => {
    const { history } = await summarizeLedgerText(fixture.text);
    expect(history.lastSession).toMatchObject({
      capNanoUsd: fixture.expected.capNanoUsd,
      spentNanoUsd: fixture.expected.costNanoUsd,
      refused: fixture.expected.refused,
    });
  });

  test("still lists the records after a verification failure, and says the ledger does not verify", async () => {
    const all = lines();
    all.splice(4, 1);
    const summary = await summarizeLedgerText(all.join("\n") + "\n");
    expect(summary.report?.status).toBe("corrupt");
    expect(summary.history.records).toBe(all.length - 1);
  });
});

describe("reading a 10,000-record ledger", () => {
  let big: FixtureLedger;
  beforeAll(async () => {
    big = await writeFixtureLedger({ items: 5000 });
  }, 60_000);
  afterAll(() => big?.cleanup());

  test("yields to the event loop every few hundred lines, and verifies", async () => {
    const gaps: number[] = [];
    let last = performance.now();
    const started = last;
    let yields = 0;
    const summary = await summarizeLedgerText(big.text, {
      linesPerSlice: 250,
      yieldToEventLoop: async () => {
        const t = performance.now();
        gaps.push(t - last);
        yields++;
        await new Promise((resolve) => setTimeout(resolve, 0));
        last = performance.now();
      },
    });
    const totalMs = performance.now() - started;
    gaps.push(performance.now() - last);
    const lineCount = big.text.split("\n").length - 1;
    expect(summary.report?.status).toBe("verified");
    expect(summary.report?.records).toBe(lineCount - 1);
    expect(yields).toBe(Math.ceil(lineCount / 250) - 1);
    console.log(
      `[figures] read + verify ${lineCount} lines (${(big.bytes.length / 1e6).toFixed(1)} MB): ${totalMs.toFixed(0)} ms, ` +
        `${yields} yields, longest slice ${Math.max(...gaps).toFixed(1)} ms`,
    );
    // Loose bound (CI machines vary): no slice should come near a frozen page.
    expect(Math.max(...gaps)).toBeLessThan(500);
  }, 60_000);
});
