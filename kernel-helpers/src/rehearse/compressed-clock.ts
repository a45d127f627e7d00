import { systemClock, type Clock } from "@discernus/gateway";

/**
 * A clock on which time runs `factor` times faster than the wall: `now()` advances factor ms per
 * real ms and `sleep(ms)` waits ms / factor. A gateway given it keeps the configured limits as they
 * are (a bucket of 60 requests refilling at 60 a minute) and so admits calls exactly as it would in
 * real time, only sooner. Scaling the limits instead would also scale the bucket's capacity, which
 * is the burst allowed at the start: 120 calls at 60 rpm x 4 would all go at once.
 */
export function compressedClock(factor: number, realNow: () => number = Date.now): Clock {
  if (!(Number.isFinite(factor) && factor >= 1))
    throw new RangeError(`A time compression factor must be a finite number of 1 or more, got ${factor}.`);
  const origin = realNow();
  return {
    now: () => origin + (realNow() - origin) * factor,
    sleep: (ms, signal) => systemClock.sleep(ms === Infinity ? ms : ms / factor, signal),
  };
}
