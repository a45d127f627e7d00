import { describe, expect, it } from "vitest";
import { formatGoDuration } from "../src/go-duration.js";
import { RateLimitBucket } from "../src/rate-limit-bucket.js";

describe("RateLimitBucket", () => {
  it("starts full and refills continuously at limit/60 per second, never past the limit", () => {
    const bucket = new RateLimitBucket(600, 0);
    bucket.take(600, 0);
    expect(bucket.remaining(0)).toBe(0);
    expect(bucket.remaining(1_000)).toBe(10);
    expect(bucket.remaining(30_000)).toBe(300);
    expect(bucket.remaining(600_000)).toBe(600);
  });

  it("says how long until a demand fits, until it is full again, and that an oversized demand never fits", () => {
    const bucket = new RateLimitBucket(60, 0);
    bucket.take(60, 0);
    expect(bucket.msUntil(1, 0)).toBe(1_000);
    expect(bucket.msUntil(30, 0)).toBe(30_000);
    expect(bucket.msToFull(0)).toBe(60_000);
    expect(bucket.msUntil(61, 0)).toBe(Infinity);
    expect(bucket.used(15_000)).toBe(45);
  });

  it("gives back what was charged in advance and not used", () => {
    const bucket = new RateLimitBucket(1_000, 0);
    bucket.take(800, 0);
    bucket.give(700, 0);
    expect(bucket.remaining(0)).toBe(900);
    bucket.give(5_000, 0);
    expect(bucket.remaining(0)).toBe(1_000);
  });
});

describe("formatGoDuration", () => {
  it("writes durations as Go does, as OpenAI's x-ratelimit-reset-* headers show them", () => {
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(119.2)).toBe("120ms");
    expect(formatGoDuration(1_000)).toBe("1s");
    expect(formatGoDuration(1_500)).toBe("1.5s");
    expect(formatGoDuration(360_000)).toBe("6m0s");
    expect(formatGoDuration(61_250)).toBe("1m1.25s");
    expect(formatGoDuration(3_600_000)).toBe("1h0m0s");
  });
});
