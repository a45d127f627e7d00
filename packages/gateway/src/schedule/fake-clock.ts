import { AbortedError } from "../errors.js";
import type { Clock } from "./clock.js";

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve(): void;
}

/** Let every pending promise callback run (several rounds: awaits chain). */
async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * A clock that moves only when told, so rate-limit and retry logic runs deterministically and in
 * milliseconds. `advance` wakes sleepers in time order, letting the code they resume run (and
 * schedule new sleeps) before time moves on to the next one.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  get pendingSleeps(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError("The wait"));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { wakeAt: this.#now + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(new AbortedError("The wait"));
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, waking due sleepers one by one in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#now = Math.max(this.#now, next.wakeAt);
      this.#sleepers = this.#sleepers.filter((s) => s !== next);
      next.resolve();
      await flushMicrotasks();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  /** Advances until no sleeper is left (or `limitMs` has passed); returns the time moved. */
  async runAll(limitMs = 24 * 3_600_000): Promise<number> {
    const start = this.#now;
    await flushMicrotasks();
    while (this.#sleepers.length > 0 && this.#now - start < limitMs) {
      const next = this.#nextDue(Infinity);
      if (!next) break;
      await this.advance(Math.max(0, next.wakeAt - this.#now));
    }
    return this.#now - start;
  }

  #nextDue(limit: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.#sleepers) {
      if (s.wakeAt > limit) continue;
      if (!best || s.wakeAt < best.wakeAt || (s.wakeAt === best.wakeAt && s.seq < best.seq)) best = s;
    }
    return best;
  }
}
