import { describe, expect, it } from "vitest";
import { batchProgress, simulatedElapsedMs } from "../../src/batch/batch-clock.js";

// 100 s of processing: validating 0–5 s, items 5–95 s, finalizing 95–100 s; a 24 h window.
const timing = { processingMs: 100_000, windowMs: 86_400_000, expireFraction: 0 };

describe("batchProgress", () => {
  it("validates, answers items at an even pace, finalizes, then completes", () => {
    expect(batchProgress(timing, 10, 1_000)).toEqual({ phase: "validating", processed: 0 });
    expect(batchProgress(timing, 10, 50_000)).toEqual({
      phase: "in_progress",
      processed: 5,
      inProgressAt: 5_000,
    });
    expect(batchProgress(timing, 10, 96_000)).toMatchObject({ phase: "finalizing", processed: 10 });
    expect(batchProgress(timing, 10, 100_000)).toEqual({
      phase: "completed",
      processed: 10,
      inProgressAt: 5_000,
      finalizingAt: 95_000,
      endedAt: 100_000,
    });
  });

  it("expires at the window with what was done: a window shorter than processing, or items never reached", () => {
    const short = { ...timing, windowMs: 50_000 };
    expect(batchProgress(short, 10, 49_999).phase).toBe("in_progress");
    expect(batchProgress(short, 10, 50_000)).toMatchObject({
      phase: "expired",
      processed: 5,
      endedAt: 50_000,
    });
    const stuck = { ...timing, expireFraction: 0.3 };
    expect(batchProgress(stuck, 10, 200_000)).toMatchObject({ phase: "in_progress", processed: 7 });
    expect(batchProgress(stuck, 10, 86_400_000)).toMatchObject({ phase: "expired", processed: 7 });
  });

  it("cancels: cancelling from the request for 5% of processing, keeping what was done then", () => {
    const at = { cancelAtMs: 50_000 };
    expect(batchProgress(timing, 10, 52_000, at)).toMatchObject({
      phase: "cancelling",
      processed: 5,
      cancellingAt: 50_000,
    });
    expect(batchProgress(timing, 10, 55_000, at)).toMatchObject({
      phase: "cancelled",
      processed: 5,
      endedAt: 55_000,
    });
  });

  it("fails invalid input when validation ends", () => {
    expect(batchProgress(timing, 3, 4_999, { invalid: true }).phase).toBe("validating");
    expect(batchProgress(timing, 3, 5_000, { invalid: true })).toEqual({
      phase: "failed",
      processed: 0,
      endedAt: 5_000,
    });
  });

  it("scales real time by timeScale, and timeScale 0 ends everything at once", () => {
    expect(simulatedElapsedMs(1_000, 1_060, 0.001)).toBe(60_000);
    expect(simulatedElapsedMs(1_000, 1_000, 0)).toBe(Infinity);
  });
});
