import { afterEach, describe, expect, it, vi } from "vitest";
import type { GatewayEvent, GatewayResponse } from "@discernus/gateway";
import {
  TELEMETRY_MIME,
  TelemetryTracker,
  ThrottledPublisher,
  telemetryBundle,
} from "@discernus/kernel-helpers";

afterEach(() => vi.useRealTimers());

const response = (model: string, costNanoUsd: number, cached = false) =>
  ({
    requestedModel: model,
    model,
    cost: { totalNanoUsd: costNanoUsd },
    cached,
    usage: {
      inputTokens: 90,
      cachedInputTokens: 10,
      cacheWriteTokens: 0,
      outputTokens: 30,
      reasoningTokens: 5,
    },
    latencyMs: 640,
  }) as unknown as GatewayResponse;

describe("telemetry", () => {
  it("folds gateway events into one snapshot: progress, spend, retries, fallbacks, waits and rate-limit headroom", () => {
    let now = 1_000;
    const tracker = new TelemetryTracker("run-1", "tone", 4, () => now);
    const events: GatewayEvent[] = [
      { type: "queued", at: 0, callId: "a", model: "openai/gpt-4o-mini", estimatedTokens: 100 },
      { type: "queued", at: 0, callId: "e", model: "openai/gpt-4o-mini", estimatedTokens: 100 },
      { type: "queued", at: 0, callId: "f", model: "openai/gpt-4o-mini", estimatedTokens: 100 },
      { type: "sent", at: 1, callId: "a", model: "openai/gpt-4o-mini", attempt: 1 },
      { type: "sent", at: 1, callId: "e", model: "openai/gpt-4o-mini", attempt: 1 },
      {
        type: "rate_limit_wait",
        at: 0,
        callId: "a",
        model: "openai/gpt-4o-mini",
        waitMs: 1500,
        reason: "tpm",
      },
      {
        type: "retry",
        at: 100,
        callId: "a",
        model: "openai/gpt-4o-mini",
        attempt: 1,
        code: "rate_limited",
        message: "429",
        delayMs: 2_000,
      },
      {
        type: "fallback",
        at: 0,
        callId: "b",
        from: "openai/gpt-4o-mini",
        to: "anthropic/claude-3-5-haiku-latest",
        code: "provider_overloaded",
      },
      {
        type: "rate_limit",
        at: 0,
        provider: "openai",
        model: "openai/gpt-4o-mini",
        snapshot: { observedAt: 5, requests: { limit: 500, remaining: 499, resetMs: 120 } },
      },
      { type: "done", at: 50, callId: "a", response: response("openai/gpt-4o-mini", 1200) },
      {
        type: "cache_hit",
        at: 0,
        callId: "c",
        cacheKey: "k",
        response: response("openai/gpt-4o-mini", 0, true),
      },
      {
        type: "failed",
        at: 0,
        callId: "d",
        model: "local/vader",
        code: "aborted",
        message: "x",
        attempts: [],
        costNanoUsd: 0,
      },
      {
        type: "budget",
        at: 0,
        callId: "a",
        action: "settle",
        amountNanoUsd: 1200,
        spentNanoUsd: 1200,
        reservedNanoUsd: 300,
        capNanoUsd: 1_000_000,
      },
    ];
    for (const e of events) tracker.onEvent(e);
    now = 3_500;
    tracker.finish("done");
    expect(tracker.snapshot()).toMatchObject({
      v: 1,
      run: "run-1",
      state: "done",
      total: 4,
      done: 2,
      cached: 1,
      failed: 1,
      retries: 1,
      fallbacks: 1,
      rateLimitWaits: 1,
      rateLimitWaitMs: 1500,
      spentNanoUsd: 1200,
      reservedNanoUsd: 300,
      capNanoUsd: 1_000_000,
      elapsedMs: 2_500,
      models: {
        "openai/gpt-4o-mini": { done: 1, cached: 1, spentNanoUsd: 1200 },
        "local/vader": { failed: 1 },
      },
      limits: { "openai/gpt-4o-mini": { requests: { limit: 500, remaining: 499 } } },
      cooldowns: { "openai/gpt-4o-mini": 2_100 },
      failures: { aborted: 1 },
      // e is sent and unanswered; f is queued and not yet sent.
      inFlight: 1,
      queued: 1,
    });
    const recent = tracker.snapshot().recent;
    expect(recent.map((r) => [r.callId, r.status])).toEqual([
      ["d", "aborted"],
      ["c", "cached"],
      ["a", "ok"],
    ]);
    expect(recent[2]).toMatchObject({
      inputTokens: 100,
      outputTokens: 35,
      costNanoUsd: 1200,
      latencyMs: 640,
    });
  });

  it("publishes a few times a second however many events arrive, and always the final state", () => {
    vi.useFakeTimers();
    const published: number[] = [];
    const publisher = new ThrottledPublisher(() => published.push(Date.now()), 250);
    for (let ms = 0; ms < 1_000; ms++) {
      for (let k = 0; k < 10; k++) publisher.poke();
      vi.advanceTimersByTime(1);
    }
    publisher.final();
    // 10,000 pokes over one second: at most one publication per 250 ms, plus the final one.
    expect(published.length).toBeGreaterThanOrEqual(4);
    expect(published.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < published.length - 1; i++)
      expect(published[i]! - published[i - 1]!).toBeGreaterThanOrEqual(250);
    expect(publisher.published).toBe(published.length);
  });

  it("sends the snapshot with text and HTML for viewers that know no custom MIME type, without claiming a result digest", () => {
    const tracker = new TelemetryTracker("run-2", "SOTU <tone>", 10, () => 0);
    const bundle = telemetryBundle(tracker.snapshot());
    expect(JSON.parse(bundle.data[TELEMETRY_MIME] as string)).toMatchObject({
      v: 1,
      run: "run-2",
      total: 10,
    });
    expect(bundle.data["text/plain"]).toMatch(/^SOTU <tone>: 0\/10 · \$0.000000 spent/);
    expect(bundle.data["text/html"]).toContain("SOTU &lt;tone&gt;");
    // `discernus verify` checks any output whose metadata.discernus has a run id: telemetry must not.
    expect((bundle.metadata?.discernus as Record<string, unknown>).run).toBeUndefined();
  });
});
