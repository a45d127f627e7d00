import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { TokenBucket } from "../../src/schedule/token-bucket.js";

describe("TokenBucket.reconcile", () => {
  it("subtracts what we took after the provider measured, which its remaining could not count", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(6_000, clock);
    const measuredAt = clock.now(); // the provider reports 3,000 left at t = 0
    await clock.advance(1_000); // +100 refill
    bucket.take(4_000); // admitted after its measurement, on our side only so far
    bucket.reconcile({ limit: 6_000, remaining: 3_000, resetMs: 30_000 }, measuredAt);
    // Provider now: 3,000 + 100 - 4,000 = -900; ours was 2,000.
    expect(bucket.available()).toBe(-900);
  });

  it("keeps its own level when the provider agrees within the rounding of remaining", () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(600, clock);
    bucket.take(99.5); // 500.5 left; the provider reports floor(500.5) = 500
    bucket.reconcile({ limit: 600, remaining: 500, resetMs: 0 }, clock.now());
    expect(bucket.available()).toBe(500.5);
    expect(bucket.headroom).toBe(0);
  });

  it("holds the largest shortfall of the last minute back above every demand, then lets it go", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(60_000, clock); // 1 unit per ms
    bucket.take(50_000); // 10,000 left by our count
    bucket.reconcile({ limit: 60_000, remaining: 9_500, resetMs: 0 }, clock.now()); // another client took 500
    expect(bucket.available()).toBe(9_500);
    expect(bucket.headroom).toBe(500);
    expect(bucket.msUntil(9_000)).toBe(0);
    expect(bucket.msUntil(9_100)).toBe(100); // 9,100 + 500 held back
    await clock.advance(60_000);
    expect(bucket.headroom).toBe(0);
  });

  it("holds back the shortfalls found within the longest lag of a report (streamed answers)", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(60_000, clock);
    bucket.take(30_000);
    await clock.advance(10_000);
    // Three reports, each read 3 s after its headers were written, each 300 short.
    for (let i = 0; i < 3; i++) {
      await clock.advance(1_000);
      const level = bucket.available();
      bucket.reconcile({ limit: 60_000, remaining: level - 300 - 3_000, resetMs: 0 }, clock.now() - 3_000);
    }
    expect(bucket.headroom).toBe(900);
  });

  it("never waits forever: a demand above capacity waits for a full bucket, headroom or not", () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(100);
    bucket.reconcile({ limit: 1_000, remaining: 500, resetMs: 0 }, clock.now());
    expect(bucket.msUntil(5_000)).toBe(30_000); // 500 to refill at 1,000/min
    expect(bucket.msUntil(Infinity)).toBe(30_000);
  });

  it("refuses limits that are not positive and amounts that are not numbers", () => {
    const clock = new FakeClock(0);
    expect(() => new TokenBucket(0, clock)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN, clock)).toThrow(RangeError);
    const bucket = new TokenBucket(10, clock);
    expect(() => bucket.take(Number.NaN)).toThrow(RangeError);
    expect(() => bucket.give(-1)).toThrow(RangeError);
    expect(bucket.available()).toBe(10);
  });
});
