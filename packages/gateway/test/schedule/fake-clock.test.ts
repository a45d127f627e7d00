import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { FakeClock } from "../../src/schedule/fake-clock.js";

describe("FakeClock", () => {
  it("wakes sleepers in time order, and those due at the same instant in the order they slept", async () => {
    const clock = new FakeClock(0);
    const woke: string[] = [];
    const nap = (name: string, ms: number) => clock.sleep(ms).then(() => woke.push(`${name}@${clock.now()}`));
    void nap("c", 30);
    void nap("a", 10);
    void nap("b1", 20);
    void nap("b2", 20);
    await clock.advance(25);
    expect(woke).toEqual(["a@10", "b1@20", "b2@20"]);
    expect(clock.now()).toBe(25);
    await clock.advance(5);
    expect(woke).toEqual(["a@10", "b1@20", "b2@20", "c@30"]);
  });

  it("lets an async loop run to its next sleep before time moves on, however deep its await chain", async () => {
    const clock = new FakeClock(0);
    const ticks: number[] = [];
    const deep = async (n: number): Promise<void> => {
      if (n > 0) await deep(n - 1);
    };
    const loop = async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(100);
        await deep(200); // two hundred awaits between waking and the next sleep
        ticks.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(1_000);
    await done;
    expect(ticks).toEqual([100, 200, 300, 400, 500]);
  });

  it("rejects a sleep with AbortedError when its signal aborts, and forgets it", async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    expect(clock.pendingSleeps).toBe(1);
    controller.abort();
    await expect(sleeping).rejects.toBeInstanceOf(AbortedError);
    expect(clock.pendingSleeps).toBe(0);
    await expect(clock.sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });

  it("resolves a sleep of 0 at once, and reports when the next sleeper is due", async () => {
    const clock = new FakeClock(5);
    await clock.sleep(0);
    expect(clock.nextWakeAt).toBeUndefined();
    void clock.sleep(40);
    expect(clock.nextWakeAt).toBe(45);
  });

  it("runAll advances from sleeper to sleeper, and stops at its limit for loops that never end", async () => {
    const clock = new FakeClock(0);
    let wakes = 0;
    const forever = async () => {
      for (;;) {
        await clock.sleep(1_000);
        wakes++;
      }
    };
    void forever();
    expect(await clock.runAll(10_000)).toBe(10_000);
    expect(wakes).toBe(10);
  });

  it("refuses to move time backwards", async () => {
    const clock = new FakeClock(0);
    await expect(clock.advance(-1)).rejects.toBeInstanceOf(RangeError);
    await clock.advanceTo(50);
    await clock.advanceTo(10);
    expect(clock.now()).toBe(50);
  });
});
