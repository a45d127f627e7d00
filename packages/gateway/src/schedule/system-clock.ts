import { AbortedError } from "../errors.js";
import type { Clock } from "./clock.js";

/** Node fires a setTimeout longer than 2^31 - 1 ms (about 24.8 days) at once; longer sleeps are chained. */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Wall-clock time. `sleep` rejects with AbortedError as soon as its signal aborts and leaves no
 * timer or listener behind. A sleep of Infinity ends only by its signal (and holds no timer, so it
 * does not keep the process alive); a negative or NaN duration resolves at once.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortedError("The wait"));
        return;
      }
      const wakeAt = Date.now() + (ms > 0 ? ms : 0);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortedError("The wait"));
      };
      const arm = () => {
        const left = wakeAt - Date.now();
        if (left <= 0) {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        } else if (left !== Infinity) {
          timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
        }
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      arm();
    }),
};
