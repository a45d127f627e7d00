import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { RateLimiter, type Demand } from "../../src/schedule/rate-limiter.js";
import { TokenBucket } from "../../src/schedule/token-bucket.js";

const tokens = (n: number): Demand => ({ tokens: n, inputTokens: n, outputTokens: 0 });

/** A small seeded generator, so the property test is the same every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("RateLimiter", () => {
  it("admits 50 concurrent calls without passing TPM", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    limiter.configure("p/m", { tokensPerMinute: 10_000 });
    const reference = new TokenBucket(10_000, clock);
    let overdrafts = 0;
    const admitted: number[] = [];
    const calls = Array.from({ length: 50 }, (_, i) =>
      limiter.admit("p/m", tokens(1_000)).then((a) => {
        if (!reference.tryTake(1_000)) overdrafts++;
        admitted.push(i);
        limiter.release(a);
      }),
    );
    await clock.runAll();
    await Promise.all(calls);
    expect(overdrafts).toBe(0);
    expect(admitted).toEqual([...Array(50).keys()]); // first come, first served
    // 40 calls past the first minute's 10 at 10,000/min: 4 minutes.
    expect(clock.now() - 1_700_000_000_000).toBe(240_000);
  });

  it("does not let small calls overtake a large one waiting at the head", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    limiter.configure("p/m", { tokensPerMinute: 6_000 });
    const order: string[] = [];
    const big = limiter.admit("p/m", tokens(6_000)).then(() => order.push("big"));
    const small = limiter.admit("p/m", tokens(100)).then(() => order.push("small"));
    await clock.runAll();
    await Promise.all([big, small]);
    expect(order).toEqual(["big", "small"]);
    const firstSmall = limiter.admit("p/m", tokens(100));
    await clock.advance(0);
    await expect(Promise.race([firstSmall.then(() => "admitted"), Promise.resolve("waiting")])).resolves.toBe(
      "waiting",
    );
  });

  it("probes a model with unknown limits one call at a time until headers arrive", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const first = await limiter.admit("p/m", tokens(10));
    let secondIn = false;
    const second = limiter.admit("p/m", tokens(10)).then((a) => {
      secondIn = true;
      return a;
    });
    await clock.advance(10_000);
    expect(secondIn).toBe(false);
    limiter.observe("p/m", {
      observedAt: clock.now(),
      tokens: { limit: 1_000, remaining: 990, resetMs: 600 },
    });
    await clock.advance(0);
    expect(secondIn).toBe(true);
    limiter.release(first);
    limiter.release(await second);
    expect(limiter.state()[0]).toMatchObject({ key: "p/m", learned: true, inFlight: 0 });
  });

  it("waits for a cool-down (Retry-After) before admitting again", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    limiter.configure("p/m", { requestsPerMinute: 1_000 });
    limiter.coolDown("p/m", 2_000);
    let admittedAt = 0;
    const pending = limiter.admit("p/m", tokens(1)).then((a) => {
      admittedAt = clock.now();
      return a;
    });
    const start = clock.now();
    await clock.runAll();
    const admission = await pending;
    expect(admittedAt - start).toBe(2_000);
    expect(admission.reason).toBe("cooldown");
  });

  it("rejects a waiter whose signal aborts, and serves the next one", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    limiter.configure("p/m", { tokensPerMinute: 60 });
    await limiter.admit("p/m", tokens(60));
    const controller = new AbortController();
    const aborted = limiter.admit("p/m", tokens(60), controller.signal);
    const next = limiter.admit("p/m", tokens(1));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    await clock.runAll();
    await expect(next).resolves.toMatchObject({ key: "p/m" });
    expect(limiter.state()[0]?.queued).toBe(0);
  });

  it("corrects the bucket by the difference between estimated and actual charge", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    limiter.configure("p/m", { tokensPerMinute: 1_000 });
    const a = await limiter.admit("p/m", tokens(500));
    limiter.settle(a, tokens(200));
    expect(limiter.state()[0]?.limits.tokens?.remaining).toBe(800);
    const b = await limiter.admit("p/m", tokens(100));
    limiter.settle(b, tokens(300));
    expect(limiter.state()[0]?.limits.tokens?.remaining).toBe(500);
  });

  it("keeps a simulated provider free of overdrafts and finishes within 5% of the limit-bound optimum", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const limits = { requestsPerMinute: 600, tokensPerMinute: 120_000 };
    limiter.configure("p/m", limits);
    const serverRequests = new TokenBucket(limits.requestsPerMinute, clock);
    const serverTokens = new TokenBucket(limits.tokensPerMinute, clock);
    const random = mulberry32(7);
    const sizes = Array.from({ length: 2_000 }, () => 50 + Math.floor(random() * 400));
    let overdrafts = 0;
    let next = 0;
    const start = clock.now();
    const worker = async () => {
      while (next < sizes.length) {
        const size = sizes[next++] as number;
        const admission = await limiter.admit("p/m", tokens(size));
        if (!serverRequests.tryTake(1) || !serverTokens.tryTake(size)) overdrafts++;
        await clock.sleep(1_000); // the provider's latency
        limiter.release(admission);
      }
    };
    const workers = Promise.all(Array.from({ length: 20 }, worker));
    await clock.runAll();
    await workers;
    // Optimum: with full buckets at the start and refill at limit/60 s, each dimension needs
    // max(0, demand - limit) / (limit / 60 s); the binding one sets the pace (plus one latency).
    const totalTokens = sizes.reduce((a, b) => a + b, 0);
    const optimumMs =
      Math.max(
        (Math.max(0, sizes.length - limits.requestsPerMinute) / limits.requestsPerMinute) * 60_000,
        (Math.max(0, totalTokens - limits.tokensPerMinute) / limits.tokensPerMinute) * 60_000,
      ) + 1_000;
    const makespan = clock.now() - start;
    expect(overdrafts).toBe(0);
    expect(makespan).toBeLessThanOrEqual(optimumMs * 1.05);
    expect(makespan).toBeGreaterThanOrEqual(optimumMs * 0.99);
  });
});
