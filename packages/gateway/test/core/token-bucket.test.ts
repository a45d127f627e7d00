import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { TokenBucket } from "../../src/schedule/token-bucket.js";

describe("TokenBucket", () => {
  it("refills continuously at the per-minute limit over 60 s", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(600, clock);
    bucket.take(600);
    expect(bucket.available()).toBe(0);
    await clock.advance(1_000);
    expect(bucket.available()).toBeCloseTo(10, 6);
    expect(bucket.msUntil(20)).toBe(1_000);
  });

  it("admits a demand larger than the whole bucket only when full, leaving debt", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(10);
    expect(bucket.msUntil(5_000)).toBe(600); // 10 tokens at 1,000/min
    await clock.advance(600);
    expect(bucket.tryTake(5_000)).toBe(true);
    expect(bucket.available()).toBe(-4_000);
    expect(bucket.msUntil(1)).toBe(Math.ceil(4_001 * 60));
  });

  it("lowers itself to the provider's remaining when the provider has clearly less, never raises", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(6_000, clock);
    bucket.take(1_000); // we think 5,000 are left
    bucket.reconcile({ limit: 6_000, remaining: 2_000, resetMs: 40_000 }, clock.now());
    expect(bucket.available()).toBe(2_000);
    bucket.reconcile({ limit: 6_000, remaining: 5_500, resetMs: 5_000 }, clock.now());
    expect(bucket.available()).toBe(2_000);
  });

  it("ignores a provider figure within its rounding (remaining is rounded down)", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(60, clock);
    bucket.take(59.5);
    bucket.reconcile({ limit: 60, remaining: 0, resetMs: 59_500 }, clock.now());
    expect(bucket.available()).toBeCloseTo(0.5, 6);
  });

  it("accounts for refill since the provider measured", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(6_000, clock);
    const measuredAt = clock.now();
    await clock.advance(1_000); // 100 tokens of refill since the measurement
    bucket.reconcile({ limit: 6_000, remaining: 0, resetMs: 60_000 }, measuredAt);
    expect(bucket.available()).toBe(100);
  });

  it("keeps the used part when the limit changes", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(300);
    bucket.resize(500);
    expect(bucket.capacity).toBe(500);
    expect(bucket.available()).toBe(200);
  });
});
