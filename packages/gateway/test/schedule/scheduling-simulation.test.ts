import { mulberry32 } from "@discernus/provider-sim";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { RateLimiter, type ChargeModel, type Demand } from "../../src/schedule/rate-limiter.js";
import type { LimitWindow, RateLimitSnapshot } from "../../src/types.js";

type Dim = "requests" | "tokens" | "inputTokens" | "outputTokens";

/**
 * The provider's side of one limit, written apart from TokenBucket: starts full, refills
 * continuously at limit / 60 s, level kept x 60,000 so the arithmetic is exact.
 */
class ServerBucket {
  #scaled: number;
  #at: number;
  constructor(
    readonly limit: number,
    start: number,
  ) {
    this.#scaled = limit * 60_000;
    this.#at = start;
  }
  level(now: number): number {
    this.#scaled = Math.min(this.limit * 60_000, this.#scaled + (now - this.#at) * this.limit);
    this.#at = now;
    return this.#scaled / 60_000;
  }
  fits(n: number, now: number): boolean {
    return this.level(now) >= Math.min(n, this.limit);
  }
  take(n: number, now: number): void {
    this.level(now);
    this.#scaled -= n * 60_000;
  }
  give(n: number, now: number): void {
    this.level(now);
    this.#scaled = Math.min(this.limit * 60_000, this.#scaled + n * 60_000);
  }
  window(now: number): LimitWindow {
    const level = this.level(now);
    // As the providers report it: remaining rounded down, reset = time until full.
    return {
      limit: this.limit,
      remaining: Math.max(0, Math.floor(level)),
      resetMs: Math.ceil(((this.limit - level) * 60_000) / this.limit),
    };
  }
}

interface Item {
  /** What the provider counts for the prompt, and what the client estimated. */
  promptTokens: number;
  estimatedPromptTokens: number;
  maxTokens: number;
  outputTokens: number;
  latencyMs: number;
}

/**
 * A provider with per-minute limits, in fake time. "openai" counts prompt + max_tokens against
 * TPM at arrival and keeps it; "anthropic" counts the prompt against ITPM and max_tokens against
 * OTPM at arrival, and gives back the unused output when the answer ends. Headers are written when
 * the response is sent, so they report the limits as they stand then.
 */
class SimulatedProvider {
  readonly buckets: Partial<Record<Dim, ServerBucket>> = {};
  requests = 0;
  refused = 0;
  constructor(
    readonly style: "openai" | "anthropic",
    limits: Partial<Record<Dim, number>>,
    start: number,
  ) {
    for (const [dim, limit] of Object.entries(limits) as [Dim, number][])
      this.buckets[dim] = new ServerBucket(limit, start);
  }
  charge(item: Item): Partial<Record<Dim, number>> {
    return this.style === "openai"
      ? { requests: 1, tokens: item.promptTokens + item.maxTokens }
      : { requests: 1, inputTokens: item.promptTokens, outputTokens: item.maxTokens };
  }
  /** Accepts the request, or refuses it (a 429) when any limit lacks room. */
  arrive(item: Item, now: number): boolean {
    this.requests++;
    const due = Object.entries(this.charge(item)) as [Dim, number][];
    if (!due.every(([dim, n]) => this.buckets[dim]?.fits(n, now) ?? true)) {
      this.refused++;
      return false;
    }
    for (const [dim, n] of due) this.buckets[dim]?.take(n, now);
    return true;
  }
  complete(item: Item, now: number): void {
    if (this.style === "anthropic") this.buckets.outputTokens?.give(item.maxTokens - item.outputTokens, now);
  }
  headers(now: number): RateLimitSnapshot {
    const snapshot: RateLimitSnapshot = { observedAt: now };
    for (const [dim, bucket] of Object.entries(this.buckets) as [Dim, ServerBucket][])
      snapshot[dim] = bucket.window(now);
    return snapshot;
  }
  /** What the provider finally charged for a completed call, as the gateway's settle reports it. */
  actual(item: Item): Demand {
    const input = item.promptTokens;
    return this.style === "openai"
      ? { tokens: input + item.maxTokens, inputTokens: input, outputTokens: item.maxTokens }
      : { tokens: input + item.outputTokens, inputTokens: input, outputTokens: item.outputTokens };
  }
}

interface Study {
  style: "openai" | "anthropic";
  limits: Partial<Record<Dim, number>>;
  /** Passed to the limiter's configure; undefined: the limiter learns them from headers. */
  configured?: { requestsPerMinute?: number; tokensPerMinute?: number };
  chargeModel: ChargeModel;
  items: Item[];
  workers: number;
  /** Steady traffic of another client on the same key, in tokens (or input tokens) per second. */
  otherClientPerSecond?: number;
  /** Streamed answers: headers are written this long after arrival, and observed when the stream ends. */
  firstTokenMs?: number;
}

interface Outcome {
  makespanMs: number;
  optimumMs: number;
  refused: number;
  requests: number;
}

/**
 * The limit-bound optimum: every bucket starts full, so its capacity can be spent at t = 0 and the
 * rest of the demand no faster than the refill rate (limit / 60,000 ms). For each dimension,
 * (total demand - capacity) / refill rate; the largest over dimensions bounds the time of the last
 * admission. Demand is what the provider finally charges (Anthropic's output corrected to actual).
 */
function optimumMs(study: Study, provider: SimulatedProvider): number {
  const totals: Partial<Record<Dim, number>> = {};
  for (const item of study.items) {
    const actual = provider.actual(item);
    const charged: Partial<Record<Dim, number>> =
      study.style === "openai"
        ? { requests: 1, tokens: actual.tokens }
        : { requests: 1, inputTokens: actual.inputTokens, outputTokens: actual.outputTokens };
    for (const [dim, n] of Object.entries(charged) as [Dim, number][]) totals[dim] = (totals[dim] ?? 0) + n;
  }
  let bound = 0;
  for (const [dim, limit] of Object.entries(study.limits) as [Dim, number][]) {
    // Another client on the key leaves us its refill minus its own rate (it starts full for both).
    const shared = dim === "tokens" || dim === "inputTokens";
    const refillPerMinute = shared ? limit - (study.otherClientPerSecond ?? 0) * 60 : limit;
    bound = Math.max(bound, (Math.max(0, (totals[dim] ?? 0) - limit) * 60_000) / refillPerMinute);
  }
  return bound;
}

async function run(study: Study): Promise<Outcome> {
  const clock = new FakeClock();
  const start = clock.now();
  const key = "sim/model";
  const provider = new SimulatedProvider(study.style, study.limits, start);
  const limiter = new RateLimiter(clock);
  limiter.configure(key, study.configured, { chargeModel: study.chargeModel });
  let lastAdmittedAt = start;
  let next = 0;
  let finished = 0;

  const worker = async () => {
    while (next < study.items.length) {
      const item = study.items[next++] as Item;
      const estimate = item.estimatedPromptTokens;
      const demand: Demand = {
        tokens: estimate + item.maxTokens,
        inputTokens: estimate,
        outputTokens: item.maxTokens,
      };
      for (;;) {
        const admission = await limiter.admit(key, demand);
        if (!provider.arrive(item, clock.now())) {
          // A 429: its headers and Retry-After teach the limiter, and the call goes round again.
          limiter.release(admission);
          limiter.observe(key, provider.headers(clock.now()));
          limiter.coolDown(key, 1_000);
          continue;
        }
        lastAdmittedAt = clock.now();
        let headers: RateLimitSnapshot | undefined;
        if (study.firstTokenMs !== undefined) {
          await clock.sleep(study.firstTokenMs);
          headers = provider.headers(clock.now());
          await clock.sleep(item.latencyMs);
        } else {
          await clock.sleep(item.latencyMs);
        }
        provider.complete(item, clock.now());
        limiter.observe(key, headers ?? provider.headers(clock.now()));
        limiter.settle(admission, provider.actual(item));
        limiter.release(admission);
        break;
      }
    }
    finished++;
  };
  const other = async () => {
    // Another client: a call of the same per-second size every second, until ours are done.
    const dim: Dim = study.style === "openai" ? "tokens" : "inputTokens";
    while (finished < study.workers) {
      provider.buckets[dim]?.take(study.otherClientPerSecond ?? 0, clock.now());
      await clock.sleep(1_000);
    }
  };

  const all = Promise.all([
    ...Array.from({ length: study.workers }, worker),
    ...(study.otherClientPerSecond ? [other()] : []),
  ]);
  while (finished < study.workers) await clock.runAll();
  await all;
  return {
    makespanMs: lastAdmittedAt - start,
    optimumMs: optimumMs(study, provider),
    refused: provider.refused,
    requests: provider.requests,
  };
}

function items(
  seed: number,
  n: number,
  shape: { prompt: [number, number]; maxTokens: number; output: [number, number]; estimateBias?: number },
): Item[] {
  const random = mulberry32(seed);
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  return Array.from({ length: n }, () => {
    const promptTokens = between(shape.prompt);
    return {
      promptTokens,
      estimatedPromptTokens: Math.ceil(promptTokens * (shape.estimateBias ?? 1)),
      maxTokens: shape.maxTokens,
      outputTokens: between(shape.output),
      latencyMs: between([300, 3_000]),
    };
  });
}

describe("scheduling in simulated time (2,000 calls, 20 workers)", () => {
  it("OpenAI-style limits from the config: no overdraft, within 5% of the limit-bound optimum", async () => {
    const study: Study = {
      style: "openai",
      limits: { requests: 600, tokens: 150_000 },
      configured: { requestsPerMinute: 600, tokensPerMinute: 150_000 },
      chargeModel: "estimate",
      items: items(1, 2_000, { prompt: [50, 1_500], maxTokens: 300, output: [20, 300] }),
      workers: 20,
    };
    const outcome = await run(study);
    expect(outcome.refused).toBe(0);
    expect(outcome.optimumMs).toBeGreaterThan(10 * 60_000); // the limits bind for over ten minutes
    expect(outcome.makespanMs).toBeGreaterThanOrEqual(outcome.optimumMs - 1);
    expect(outcome.makespanMs).toBeLessThanOrEqual(outcome.optimumMs * 1.05);
  });

  it("Anthropic-style limits learned from headers after a probe: no overdraft, within 5% of the optimum", async () => {
    const study: Study = {
      style: "anthropic",
      limits: { requests: 400, inputTokens: 80_000, outputTokens: 16_000 },
      chargeModel: "actual",
      // The gateway's estimate for Claude leans 20% high (a different tokenizer); settle corrects it.
      items: items(2, 2_000, { prompt: [50, 1_500], maxTokens: 400, output: [20, 300], estimateBias: 1.2 }),
      workers: 20,
    };
    const outcome = await run(study);
    expect(outcome.refused).toBe(0);
    expect(outcome.makespanMs).toBeGreaterThanOrEqual(outcome.optimumMs - 1);
    expect(outcome.makespanMs).toBeLessThanOrEqual(outcome.optimumMs * 1.05);
  });

  it("follows the headers when another client shares the key: under 1% answered 429, within 5% of the share left", async () => {
    const study: Study = {
      style: "openai",
      limits: { requests: 600, tokens: 150_000 },
      configured: { requestsPerMinute: 600, tokensPerMinute: 150_000 },
      chargeModel: "estimate",
      items: items(3, 2_000, { prompt: [50, 1_500], maxTokens: 300, output: [20, 300] }),
      workers: 20,
      otherClientPerSecond: 500, // a fifth of the TPM, unseen except through the headers
    };
    const outcome = await run(study);
    expect(outcome.refused / outcome.requests).toBeLessThan(0.01);
    expect(outcome.makespanMs).toBeLessThanOrEqual(outcome.optimumMs * 1.05);
  });

  it("streams: headers written at the first token and read when the stream ends still keep the limits", async () => {
    const study: Study = {
      style: "anthropic",
      limits: { requests: 400, inputTokens: 80_000, outputTokens: 16_000 },
      chargeModel: "actual",
      items: items(4, 2_000, { prompt: [50, 1_500], maxTokens: 400, output: [20, 300], estimateBias: 1.2 }),
      workers: 20,
      firstTokenMs: 300,
    };
    const outcome = await run(study);
    expect(outcome.refused).toBe(0);
    expect(outcome.makespanMs).toBeLessThanOrEqual(outcome.optimumMs * 1.05);
  });

  it("an estimator 5% low: settling to the provider's count and the learned headroom keep every call admitted", async () => {
    const study: Study = {
      style: "openai",
      limits: { requests: 600, tokens: 150_000 },
      configured: { requestsPerMinute: 600, tokensPerMinute: 150_000 },
      chargeModel: "actual",
      items: items(5, 2_000, { prompt: [50, 1_500], maxTokens: 300, output: [20, 300], estimateBias: 0.95 }),
      workers: 20,
    };
    const outcome = await run(study);
    expect(outcome.refused).toBe(0);
    expect(outcome.makespanMs).toBeLessThanOrEqual(outcome.optimumMs * 1.05);
  });
});
