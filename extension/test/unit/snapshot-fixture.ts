import type { TelemetrySnapshot } from "../../src/model/telemetry-snapshot.js";

/** A snapshot as kernel-helpers' TelemetryTracker sends it, with the lead's newer fields; override any part. */
export function snapshot(overrides: Partial<TelemetrySnapshot> = {}): TelemetrySnapshot {
  return {
    v: 1,
    run: "run-1",
    label: "affect",
    state: "running",
    total: 400,
    done: 120,
    cached: 20,
    failed: 2,
    retries: 3,
    fallbacks: 1,
    rateLimitWaits: 4,
    rateLimitWaitMs: 2100,
    spentNanoUsd: 1_200_000_000,
    reservedNanoUsd: 300_000_000,
    capNanoUsd: 5_000_000_000,
    models: {
      "openai/gpt-4o-mini": { done: 80, cached: 10, failed: 0, spentNanoUsd: 700_000 },
      "anthropic/claude-3-5-haiku-latest": { done: 40, cached: 10, failed: 2, spentNanoUsd: 1_300_000 },
    },
    limits: {
      "openai/gpt-4o-mini": {
        observedAt: 1_000_000,
        requests: { limit: 500, remaining: 380, resetMs: 12_000 },
        tokens: { limit: 200_000, remaining: 20_000, resetMs: 6_000 },
      },
    },
    cooldowns: { "anthropic/claude-3-5-haiku-latest": 1_004_200 },
    inFlight: 3,
    queued: 12,
    failures: { rate_limited: 2 },
    recent: [
      {
        callId: "c-2",
        model: "openai/gpt-4o-mini",
        status: "ok",
        inputTokens: 1200,
        outputTokens: 40,
        costNanoUsd: 42_000,
        latencyMs: 850,
        at: 999_000,
        excerpt: '<img src=x onerror="alert(1)"> {"valence": 0.4}',
      },
      {
        callId: "c-1",
        model: "anthropic/claude-3-5-haiku-latest",
        status: "rate_limited",
        inputTokens: 0,
        outputTokens: 0,
        costNanoUsd: 0,
        latencyMs: 0,
        at: 998_000,
      },
    ],
    elapsedMs: 12_400,
    notebook: {
      path: "study.ipynb",
      ledger: "study.provenance.jsonl",
      spentNanoUsd: 3_000_000_000,
    },
    project: { spentNanoUsd: 9_000_000_000, ledgers: 3 },
    budgetRefused: 0,
    simulated: ["openai/gpt-4o-mini"],
    ...overrides,
  };
}
