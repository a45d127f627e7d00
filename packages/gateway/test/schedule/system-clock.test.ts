import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { systemClock } from "../../src/schedule/system-clock.js";

describe("systemClock", () => {
  it("sleeps at least the time asked", async () => {
    const start = performance.now();
    await systemClock.sleep(20);
    expect(performance.now() - start).toBeGreaterThanOrEqual(19);
  });

  it("rejects with AbortedError as soon as the signal aborts, or at once if it already has", async () => {
    const controller = new AbortController();
    const start = performance.now();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expect(sleeping).rejects.toBeInstanceOf(AbortedError);
    expect(performance.now() - start).toBeLessThan(1_000);
    await expect(systemClock.sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });

  it("ends a sleep of Infinity only by its signal, and one of NaN or less than 0 at once", async () => {
    const controller = new AbortController();
    const forever = systemClock.sleep(Infinity, controller.signal);
    let settled = false;
    forever.catch(() => (settled = true));
    await systemClock.sleep(10);
    expect(settled).toBe(false);
    controller.abort();
    await expect(forever).rejects.toBeInstanceOf(AbortedError);
    await systemClock.sleep(Number.NaN);
    await systemClock.sleep(-5);
  });
});
