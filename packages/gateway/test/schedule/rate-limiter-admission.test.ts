import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { RateLimiter, type Admission, type Demand } from "../../src/schedule/rate-limiter.js";

const KEY = "anthropic/claude-haiku";
const tokens = (n: number): Demand => ({ tokens: n, inputTokens: n, outputTokens: 0 });

/** Records each admission with the instant it was granted. */
function admitAll(limiter: RateLimiter, clock: FakeClock, demands: Demand[]) {
  const granted: { i: number; at: number; admission: Admission }[] = [];
  const all = Promise.all(
    demands.map((d, i) =>
      limiter.admit(KEY, d).then((admission) => {
        granted.push({ i, at: clock.now(), admission });
        return admission;
      }),
    ),
  );
  return { granted, all };
}

describe("RateLimiter admission", () => {
  it("admits 50 concurrent calls without passing TPM, one at a time as the bucket refills", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { tokensPerMinute: 6_000 }); // 100 tokens a second
    const { granted, all } = admitAll(
      limiter,
      clock,
      Array.from({ length: 50 }, () => tokens(1_000)),
    );
    await clock.advance(0);
    expect(granted).toHaveLength(6); // the full bucket, and not one call more
    await clock.runAll();
    await all;
    // In any window [t - 60 s, t], admitted tokens never pass the limit plus the bucket's start.
    for (const { at } of granted) {
      const inWindow = granted.filter((g) => g.at > at - 60_000 && g.at <= at).length * 1_000;
      expect(inWindow).toBeLessThanOrEqual(6_000 + (Math.min(at, 60_000) / 60_000) * 6_000);
    }
    expect(granted.map((g) => g.i)).toEqual([...Array(50).keys()]); // first come, first served
    expect(granted.at(-1)?.at).toBe(44 * 10_000); // 44 calls past the bucket, 10 s each
    expect(clock.pendingSleeps).toBe(0); // no timer left behind
  });

  it("waits for Retry-After before admitting again, and keeps the queue's order through it", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { requestsPerMinute: 6_000 });
    const first = await limiter.admit(KEY, tokens(1));
    limiter.release(first);
    limiter.coolDown(KEY, 2_500); // a 429 said retry-after: 2.5
    const { granted, all } = admitAll(limiter, clock, [tokens(1), tokens(1)]);
    await clock.advance(2_499);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    await all;
    expect(granted.map((g) => [g.i, g.at, g.admission.reason])).toEqual([
      [0, 2_500, "cooldown"],
      [1, 2_500, "cooldown"],
    ]);
  });

  it("admits a request larger than the whole TPM once the bucket is full, instead of never", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { tokensPerMinute: 1_000 });
    await limiter.admit(KEY, tokens(400));
    const huge = await Promise.all([limiter.admit(KEY, tokens(5_000)), clock.runAll()]);
    expect(huge[0]).toMatchObject({ waitedMs: 24_000, reason: "tokens" }); // 400 to refill
    expect(limiter.state()[0]?.limits.tokens?.msToFull).toBe(5 * 60_000); // paying its debt
  });

  it("names what held a call back longest: the output-token limit, not the input one", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { inputTokensPerMinute: 60_000, outputTokensPerMinute: 6_000 });
    await limiter.admit(KEY, { tokens: 7_000, inputTokens: 1_000, outputTokens: 6_000 });
    const [admission] = await Promise.all([
      limiter.admit(KEY, { tokens: 2_000, inputTokens: 1_000, outputTokens: 1_000 }),
      clock.runAll(),
    ]);
    expect(admission).toMatchObject({ waitedMs: 10_000, reason: "output_tokens" });
  });

  it("probes an unknown provider one call at a time, and learns its limits and level from the first headers", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, undefined);
    const { granted, all } = admitAll(limiter, clock, [tokens(100), tokens(100), tokens(100)]);
    await clock.advance(1_000);
    expect(granted).toHaveLength(1);
    // The first answer says 2 requests a minute, 1 left, measured 1 s ago.
    limiter.observe(KEY, {
      observedAt: clock.now() - 1_000,
      requests: { limit: 2, remaining: 1, resetMs: 30_000 },
    });
    await clock.advance(0);
    expect(granted).toHaveLength(2); // 1 left (+1/30 refilled): one more now
    await clock.runAll();
    await all;
    expect(granted.map((g) => g.at)).toEqual([0, 1_000, 30_000]);
    expect(granted[2]?.admission.reason).toBe("requests");
  });

  it("ends probing when a provider answers without rate-limit headers", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    const { granted } = admitAll(limiter, clock, [tokens(10), tokens(10), tokens(10)]);
    await clock.advance(0);
    const first = granted[0]?.admission as Admission;
    limiter.settle(first, tokens(8)); // answered; no observe() came before it
    await clock.advance(0);
    expect(granted).toHaveLength(3);
    expect(limiter.state()[0]).toMatchObject({ learned: true, limits: {}, inFlight: 3 });
  });

  it("corrects the buckets at settle with chargeModel actual, and keeps the admission charge with estimate", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure("anthropic/m", { outputTokensPerMinute: 10_000 }, { chargeModel: "actual" });
    limiter.configure("openai/m", { tokensPerMinute: 10_000 }, { chargeModel: "estimate" });
    const a = await limiter.admit("anthropic/m", { tokens: 4_100, inputTokens: 100, outputTokens: 4_000 });
    const o = await limiter.admit("openai/m", { tokens: 4_100, inputTokens: 100, outputTokens: 4_000 });
    limiter.settle(a, { tokens: 600, inputTokens: 100, outputTokens: 500 });
    limiter.settle(o, { tokens: 600, inputTokens: 100, outputTokens: 500 });
    const remaining = (key: string) => limiter.state().find((s) => s.key === key)?.limits;
    expect(remaining("anthropic/m")?.outputTokens?.remaining).toBe(9_500);
    expect(remaining("openai/m")?.tokens?.remaining).toBe(5_900);
  });

  it("treats a second settle or release of one admission as a no-op, and refuses foreign ones", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { tokensPerMinute: 1_000 });
    const a = await limiter.admit(KEY, tokens(500));
    limiter.settle(a, tokens(100));
    limiter.settle(a, tokens(100));
    limiter.release(a);
    limiter.release(a);
    expect(limiter.state()[0]).toMatchObject({ inFlight: 0, limits: { tokens: { remaining: 900 } } });
    const other = await new RateLimiter(clock).admit(KEY, tokens(1));
    expect(() => limiter.release(other)).toThrow(RangeError);
  });

  it("keeps what was used when the same limits are configured again (no free refill)", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { tokensPerMinute: 1_000 });
    await limiter.admit(KEY, tokens(800));
    limiter.configure(KEY, { tokensPerMinute: 1_000 });
    expect(limiter.state()[0]?.limits.tokens?.remaining).toBe(200);
  });

  it("removes an aborted waiter so the one behind it moves up, and leaves an admitted call alone", async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(clock);
    limiter.configure(KEY, { tokensPerMinute: 600 }); // 10 a second
    const controller = new AbortController();
    const admitted = await limiter.admit(KEY, tokens(600), controller.signal);
    const blocked = new AbortController();
    const big = limiter.admit(KEY, tokens(600), blocked.signal);
    const small = limiter.admit(KEY, tokens(10));
    await clock.advance(500);
    blocked.abort();
    await expect(big).rejects.toBeInstanceOf(AbortedError);
    const [smallAdmission] = await Promise.all([small, clock.runAll()]);
    expect(smallAdmission.waitedMs).toBe(1_000);
    controller.abort(); // after admission: nothing to undo
    expect(limiter.state()[0]).toMatchObject({ queued: 0, inFlight: 2 });
    limiter.release(admitted);
  });

  it("refuses a demand that is not a count of tokens", () => {
    const limiter = new RateLimiter(new FakeClock(0));
    expect(() => limiter.admit(KEY, tokens(Number.NaN))).toThrow(RangeError);
    expect(() => limiter.admit(KEY, tokens(-1))).toThrow(RangeError);
    expect(() => new RateLimiter(new FakeClock(0), { probeConcurrency: 0 })).toThrow(RangeError);
  });
});
