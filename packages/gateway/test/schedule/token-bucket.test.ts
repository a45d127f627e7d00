import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/schedule/fake-clock.js";
import { TokenBucket } from "../../src/schedule/token-bucket.js";

describe("TokenBucket", () => {
  it("refills continuously at limit/60 s and never above its capacity", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(600, clock); // 0.01 unit per ms
    bucket.take(600);
    expect(bucket.available()).toBe(0);
    await clock.advance(1_000);
    expect(bucket.available()).toBeCloseTo(10, 9);
    await clock.advance(29_000);
    expect(bucket.available()).toBeCloseTo(300, 9);
    await clock.advance(120_000);
    expect(bucket.available()).toBe(600);
  });

  it("starts at the initial level it is given, capped at the limit", () => {
    const clock = new FakeClock();
    expect(new TokenBucket(100, clock, 40).available()).toBe(40);
    expect(new TokenBucket(100, clock, 1_000).available()).toBe(100);
  });

  it("reports exactly how many milliseconds until a demand fits", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(600, clock);
    bucket.take(600);
    expect(bucket.msUntil(100)).toBe(10_000);
    await clock.advance(2_500);
    expect(bucket.msUntil(100)).toBe(7_500);
    expect(bucket.msUntil(25)).toBe(0);
    // A rate that does not divide evenly rounds up, so waiting that long is always enough.
    const odd = new TokenBucket(7, clock, 0);
    const ms = odd.msUntil(1);
    expect(ms).toBe(Math.ceil(60_000 / 7));
    await clock.advance(ms - 1);
    expect(odd.tryTake(1)).toBe(false);
    await clock.advance(1);
    expect(odd.tryTake(1)).toBe(true);
  });

  it("admits a demand larger than the whole bucket only when full, leaving a debt paid back first", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(100, clock); // 100 per minute: 600 ms per unit
    bucket.take(1);
    expect(bucket.msUntil(250)).toBe(600); // must be full again first
    expect(bucket.tryTake(250)).toBe(false);
    expect(bucket.available()).toBe(99);
    await clock.advance(600);
    expect(bucket.tryTake(250)).toBe(true);
    expect(bucket.available()).toBe(-150);
    // The debt (150) plus the next demand (10) must refill before anything else is admitted.
    expect(bucket.msUntil(10)).toBe(160 * 600);
    expect(bucket.tryTake(10)).toBe(false);
  });

  it("lowers its level to the server's remaining, refilled for the time since it was measured", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(100); // we think 900 are left
    const observedAt = clock.now();
    await clock.advance(6_000); // 6 s at 1000/min refills 100 units
    bucket.reconcile({ limit: 1_000, remaining: 500, resetMs: 30_000 }, observedAt);
    expect(bucket.available()).toBeCloseTo(600, 9);
  });

  it("never raises its level from a server report (requests in flight are not counted there yet)", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(400);
    bucket.reconcile({ limit: 1_000, remaining: 1_000, resetMs: 0 }, clock.now());
    expect(bucket.available()).toBe(600);
    bucket.reconcile({ limit: 1_000, remaining: 950, resetMs: 0 }, clock.now());
    expect(bucket.available()).toBe(600);
  });

  it("adopts a new limit from the server while keeping the used part", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(300);
    bucket.reconcile({ limit: 2_000, remaining: 2_000, resetMs: 0 }, clock.now());
    expect(bucket.capacity).toBe(2_000);
    expect(bucket.available()).toBe(1_700);
  });

  it("keeps the used part on resize: a smaller limit gives no free refill, a larger one no lost use", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1_000, clock);
    bucket.take(300);
    bucket.resize(500);
    expect(bucket.capacity).toBe(500);
    expect(bucket.available()).toBe(200);
    expect(bucket.refillRate).toBeCloseTo(500 / 60_000, 12);
    bucket.resize(2_000);
    expect(bucket.available()).toBe(1_700);
  });

  it("gives units back without passing capacity", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(100, clock);
    bucket.take(30);
    bucket.give(10);
    expect(bucket.available()).toBe(80);
    bucket.give(1_000);
    expect(bucket.available()).toBe(100);
  });

  it("ignores a provider figure within its rounding (remaining is rounded down)", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(60, clock);
    bucket.take(59.5);
    bucket.reconcile({ limit: 60, remaining: 0, resetMs: 59_500 }, clock.now());
    expect(bucket.available()).toBeCloseTo(0.5, 6);
  });
});
