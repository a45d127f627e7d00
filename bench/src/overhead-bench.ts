import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Gateway } from "@discernus/gateway";
import { Ledger } from "@discernus/provenance";
import OpenAI from "openai";
import { percentile } from "./percentile.js";
import { startSimProcess } from "./sim-process.js";

export interface OverheadFigures {
  calls: number;
  raw_p50_ms: number;
  gateway_p50_ms: number;
  p50_ms: number;
  p99_ms: number;
  calls_per_s: number;
  raw_calls_per_s: number;
  /** Gateway recording every call into a ledger (appended and fsynced before complete() returns). */
  ledger_p50_ms: number;
  ledger_p99_ms: number;
  ledger_calls_per_s: number;
}

const MESSAGES = [
  { role: "system" as const, content: "Rate the tone of this address from -1 to 1." },
  {
    role: "user" as const,
    content: "Fellow citizens, the state of our union is strong, and our commerce grows.",
  },
];

async function timeEach(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

async function throughput(n: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await call();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/**
 * The gateway's own cost per call: the same request through the raw openai SDK and through the
 * gateway (validation, pricing, token estimate, budget, rate-limit admission, events, cost, no
 * cache), against a zero-latency simulator in another process. Sequential calls, interleaved in
 * rounds so that drift in the machine's speed hits both alike; overhead = difference of percentiles.
 */
export async function runOverheadBench(calls: number, log: (line: string) => void): Promise<OverheadFigures> {
  const sim = await startSimProcess({
    seed: 1,
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        limits: { rpm: 100_000_000, tpm: 10_000_000_000 },
        latency: { ttftMs: 0, tokensPerSecond: 0 },
        answerTokens: 20,
      },
    ],
  });
  try {
    const raw = new OpenAI({ baseURL: sim.openaiBaseUrl, apiKey: "bench-overhead", maxRetries: 0 });
    // Cache off: every call goes to the provider, so the figures are the cost of the path, not of a hit.
    const gatewayFor = (recorder?: Ledger) =>
      new Gateway({
        config: {
          providers: {
            openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "BENCH_KEY", simulated: true },
          },
          concurrency: 64,
          budget: { capUsd: 1_000_000 },
        },
        env: { BENCH_KEY: "bench-overhead" },
        cache: false,
        ...(recorder ? { recorder } : {}),
      });
    const gateway = gatewayFor();
    gateway.on(() => {}); // a listener, as telemetry will be
    const ledgerDir = mkdtempSync(join(tmpdir(), "discernus-overhead-"));
    const ledger = await Ledger.open(join(ledgerDir, "bench.provenance.jsonl"), { notebook: "bench.ipynb" });
    const recorded = gatewayFor(ledger);
    const recordedCall = () =>
      recorded.complete({ model: "openai/gpt-4o-mini", messages: MESSAGES, maxTokens: 32 });
    const rawCall = () =>
      raw.chat.completions.create({ model: "gpt-4o-mini", messages: MESSAGES, max_completion_tokens: 32 });
    const gatewayCall = () =>
      gateway.complete({ model: "openai/gpt-4o-mini", messages: MESSAGES, maxTokens: 32 });
    log(`overhead: warming up...`);
    await timeEach(300, rawCall);
    await timeEach(300, gatewayCall);
    await timeEach(300, recordedCall);
    const rounds = 10;
    const rawTimes: number[] = [];
    const gatewayTimes: number[] = [];
    const recordedTimes: number[] = [];
    log(`overhead: ${calls} sequential calls each way...`);
    for (let r = 0; r < rounds; r++) {
      rawTimes.push(...(await timeEach(calls / rounds, rawCall)));
      gatewayTimes.push(...(await timeEach(calls / rounds, gatewayCall)));
      recordedTimes.push(...(await timeEach(calls / rounds, recordedCall)));
    }
    rawTimes.sort((a, b) => a - b);
    gatewayTimes.sort((a, b) => a - b);
    recordedTimes.sort((a, b) => a - b);
    log(`overhead: throughput at 64 in flight...`);
    const rawPerS = await throughput(calls, 64, rawCall);
    const gatewayPerS = await throughput(calls, 64, gatewayCall);
    const recordedPerS = await throughput(calls, 64, recordedCall);
    await ledger.close();
    rmSync(ledgerDir, { recursive: true, force: true });
    const round = (x: number) => Number(x.toFixed(3));
    return {
      calls,
      raw_p50_ms: round(percentile(rawTimes, 50)),
      gateway_p50_ms: round(percentile(gatewayTimes, 50)),
      p50_ms: round(percentile(gatewayTimes, 50) - percentile(rawTimes, 50)),
      p99_ms: round(percentile(gatewayTimes, 99) - percentile(rawTimes, 99)),
      calls_per_s: Math.round(gatewayPerS),
      raw_calls_per_s: Math.round(rawPerS),
      ledger_p50_ms: round(percentile(recordedTimes, 50) - percentile(rawTimes, 50)),
      ledger_p99_ms: round(percentile(recordedTimes, 99) - percentile(rawTimes, 99)),
      ledger_calls_per_s: Math.round(recordedPerS),
    };
  } finally {
    await sim.stop();
  }
}
