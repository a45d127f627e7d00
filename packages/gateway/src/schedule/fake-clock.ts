import { AbortedError } from "../errors.js";
import type { Clock } from "./clock.js";

interface Sleeper {
  wakeAt: number;
  /** Order of creation: sleepers due at the same instant wake in the order they went to sleep. */
  seq: number;
  wake(): void;
}

// Captured when this module loads, so a test that later installs fake timers (vi.useFakeTimers)
// does not freeze the flush below.
const realSetImmediate = typeof globalThis.setImmediate === "function" ? globalThis.setImmediate : undefined;
const realSetTimeout = globalThis.setTimeout;

/**
 * Resolves after every promise callback already queued, and every one those queue in turn, has
 * run: a macrotask runs only once the microtask queue is empty, however deep the `await` chains.
 */
function settlePromises(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (realSetImmediate) realSetImmediate(resolve);
    else realSetTimeout(resolve, 0);
  });
}

/**
 * A clock that moves only when told, so rate-limit and retry logic runs deterministically and in
 * milliseconds. `advance` wakes due sleepers one at a time in time order and lets the code each one
 * resumes run to its next wait (which may schedule new sleeps inside the same advance) before time
 * moves on. So an async loop under test sees the same interleaving on every run.
 *
 * Always `await` advance, runAll and flush. Do not combine with vi.useFakeTimers().
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  /** Sorted by (wakeAt, seq): the next to wake is first. */
  #sleepers: Sleeper[] = [];

  /** Starts at a fixed date (2023-11-14T22:13:20Z) so date-based headers can be tested. */
  constructor(startMs = 1_700_000_000_000) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Sleeps not yet due (aborted ones are gone). */
  get pendingSleeps(): number {
    return this.#sleepers.length;
  }

  /** When the earliest pending sleep is due, or undefined when none is. */
  get nextWakeAt(): number | undefined {
    return this.#sleepers[0]?.wakeAt;
  }

  /** Resolves when time is advanced to `now() + ms`; a sleep of 0 or less resolves at once. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError("The wait"));
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.#sleepers.indexOf(sleeper);
        if (i >= 0) this.#sleepers.splice(i, 1);
        reject(new AbortedError("The wait"));
      };
      const sleeper: Sleeper = {
        wakeAt: this.#now + ms,
        seq: this.#seq++,
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.#insert(sleeper);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Lets pending promise callbacks run without moving time. */
  flush(): Promise<void> {
    return settlePromises();
  }

  /** Moves time forward by `ms`, waking due sleepers one by one in order, settling promises between them. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance needs a duration of 0 ms or more, got ${ms}.`);
    const target = this.#now + ms;
    await settlePromises();
    for (let next = this.#sleepers[0]; next && next.wakeAt <= target; next = this.#sleepers[0]) {
      this.#now = Math.max(this.#now, next.wakeAt);
      this.#sleepers.shift();
      next.wake();
      await settlePromises();
    }
    this.#now = target;
    await settlePromises();
  }

  /** Moves time forward to `atMs` (never back). */
  advanceTo(atMs: number): Promise<void> {
    return this.advance(Math.max(0, atMs - this.#now));
  }

  /**
   * Advances from sleeper to sleeper until none is left, or until the next one is due more than
   * `limitMs` after the start (a guard against loops that sleep forever). Returns the time moved.
   */
  async runAll(limitMs = 24 * 3_600_000): Promise<number> {
    const start = this.#now;
    await settlePromises();
    for (let next = this.#sleepers[0]; next && next.wakeAt - start <= limitMs; next = this.#sleepers[0]) {
      await this.advance(next.wakeAt - this.#now);
    }
    return this.#now - start;
  }

  /** Sleepers are created in seq order, so one due at the same instant as others goes after them. */
  #insert(sleeper: Sleeper): void {
    let lo = 0;
    let hi = this.#sleepers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#sleepers[mid] as Sleeper).wakeAt <= sleeper.wakeAt) lo = mid + 1;
      else hi = mid;
    }
    this.#sleepers.splice(lo, 0, sleeper);
  }
}
