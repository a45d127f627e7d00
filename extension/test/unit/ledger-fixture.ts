import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayResponse, RecordedCall, RecordedRequest, TokenUsage } from "@discernus/gateway";
import { Ledger, ledgerPathFor } from "@discernus/provenance";

/**
 * A real ledger written by provenance's `Ledger` (the kernel's writer) in a temporary folder:
 * one finished run with answered calls on two models, a failed call, a cache hit and two budget
 * refusals, then a second run that never ended (a kernel stopped mid-run).
 */
export interface FixtureLedger {
  dir: string;
  notebookPath: string;
  ledgerPath: string;
  bytes: Buffer;
  text: string;
  expected: {
    runA: string;
    runB: string;
    calls: number;
    costNanoUsd: number;
    capNanoUsd: number;
    refused: number;
    firstCallId: string;
    cacheHitId: string;
    failedCallId: string;
    /** The answer text of the last answered call. */
    lastAnswer: string;
  };
  cleanup(): void;
}

const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"];

const usage = (inputTokens: number, outputTokens: number): TokenUsage => ({
  inputTokens,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens,
  reasoningTokens: 0,
});

function request(model: string, i: number): RecordedRequest {
  return {
    model,
    requestedModel: model,
    messages: [
      { role: "system", content: "Rate the valence of the speech from -1 to 1." },
      { role: "user", content: `Speech ${i}: our union is strong.` },
    ],
    maxTokens: 64,
    temperature: 0,
    stream: false,
  };
}

function response(model: string, i: number, callId: string, text: string): GatewayResponse {
  const input = 40 + (i % 7);
  const output = 12 + (i % 5);
  // Prices in nano-USD per token: whole numbers, so every kind sums exactly.
  const byKind = { ...usage(input * 150, output * 600) };
  return {
    callId,
    model,
    provider: model.split("/")[0]!,
    requestedModel: model,
    text,
    finishReason: "stop",
    usage: usage(input, output),
    cost: {
      totalNanoUsd: byKind.inputTokens + byKind.outputTokens,
      byKind,
      source: { name: "config", version: "test" },
    },
    attempts: [
      {
        attempt: 1,
        provider: model.split("/")[0]!,
        model,
        startedAt: 1_700_000_000_000 + i,
        latencyMs: 300 + i,
        outcome: "ok",
        queuedMs: 1,
      },
    ],
    route: [model],
    cacheKey: (i.toString(16) + model.length.toString(16)).padStart(64, "a").slice(-64),
    cached: false,
    latencyMs: 300 + i,
    simulated: true,
  };
}

export interface FixtureOptions {
  /** Texts in run A (each is scored by both models). Default 5. */
  items?: number;
  /** The notebook the ledger header names. Default "study.ipynb". */
  notebook?: string;
}

export async function writeFixtureLedger(options: FixtureOptions = {}): Promise<FixtureLedger> {
  const items = options.items ?? 5;
  const dir = mkdtempSync(join(tmpdir(), "discernus-extension-"));
  const notebookPath = join(dir, options.notebook ?? "study.ipynb");
  const ledgerPath = ledgerPathFor(notebookPath);
  let clock = Date.parse("2026-01-05T09:00:00.000Z");
  const now = () => new Date((clock += 7));
  const ledger = await Ledger.open(ledgerPath, { notebook: "study.ipynb", now, boundBy: "explicit" });
  const capNanoUsd = 5_000_000_000;
  await ledger.recordBudgetCap({ capNanoUsd, spentNanoUsd: 0, reservedNanoUsd: 0 });

  const runA = "run-a-0001";
  const runB = "run-b-0002";
  await ledger.recordRun({ run: runA, phase: "start", framework: "f".repeat(64), models: MODELS, items });
  let costNanoUsd = 0;
  let calls = 0;
  let lastAnswer = "";
  const tags = (i: number) => ({ run: runA, item: String(i) });
  // Concurrent records share one group commit, as the gateway's concurrent calls do.
  const records: Promise<void>[] = [];
  for (let i = 0; i < items; i++) {
    for (const model of MODELS) {
      const callId = `call-${model.length}-${i}`;
      // An answer with markup: the panel must show it as text.
      lastAnswer = `{"valence": 0.${i}} <b>Answer ${i}</b> from ${model}`;
      const r = response(model, i, callId, lastAnswer);
      costNanoUsd += r.cost.totalNanoUsd;
      calls++;
      records.push(ledger.record({ kind: "call", request: request(model, i), tags: tags(i), response: r }));
    }
  }
  await Promise.all(records);
  const firstCallId = `call-${MODELS[0]!.length}-0`;
  const failedCallId = "call-failed-1";
  const failed: RecordedCall = {
    kind: "failed",
    request: request(MODELS[1]!, 99),
    tags: tags(99),
    callId: failedCallId,
    cacheKey: "b".repeat(64),
    code: "rate_limited",
    message: "anthropic: 429 Too Many Requests after 4 attempts",
    attempts: [1, 2].map((attempt) => ({
      attempt,
      provider: "anthropic",
      model: MODELS[1]!,
      startedAt: 1_700_000_100_000 + attempt,
      latencyMs: 20,
      outcome: "rate_limited" as const,
      status: 429,
      queuedMs: 0,
    })),
    route: [MODELS[1]!],
    startedAt: 1_700_000_100_000,
    latencyMs: 45,
  };
  await ledger.record(failed);
  calls++;
  const cacheHitId = "call-hit-1";
  const original = response(MODELS[0]!, 0, cacheHitId, "");
  await ledger.record({
    kind: "cache_hit",
    request: request(MODELS[0]!, 0),
    tags: tags(0),
    response: { ...original, cached: true, cost: { ...original.cost, totalNanoUsd: 0 } },
    originalCallId: firstCallId,
  });
  for (const n of [1, 2])
    await ledger.record({
      kind: "budget_refused",
      callId: `call-refused-${n}`,
      model: MODELS[0]!,
      amountNanoUsd: 4_000,
      spentNanoUsd: costNanoUsd,
      reservedNanoUsd: 0,
      capNanoUsd,
    });
  await ledger.recordRun({
    run: runA,
    phase: "end",
    framework: "f".repeat(64),
    models: MODELS,
    items,
    digest: "d".repeat(64),
    totals: { calls, cacheHits: 1, failed: 1, costNanoUsd },
    unscored: [{ item: "99", model: MODELS[1]!, repeat: 0, status: "rate_limited", call: failedCallId }],
  });
  await ledger.recordRun({
    run: runB,
    phase: "start",
    framework: "f".repeat(64),
    models: [MODELS[0]!],
    items: 3,
  });
  await ledger.close();
  const bytes = readFileSync(ledgerPath);
  return {
    dir,
    notebookPath,
    ledgerPath,
    bytes,
    text: bytes.toString("utf8"),
    expected: {
      runA,
      runB,
      calls,
      costNanoUsd,
      capNanoUsd,
      refused: 2,
      firstCallId,
      cacheHitId,
      failedCallId,
      lastAnswer,
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
