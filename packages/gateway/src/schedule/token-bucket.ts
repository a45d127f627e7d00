import type { LimitWindow } from "../types.js";
import type { Clock } from "./clock.js";

const MINUTE_MS = 60_000;
/** How long takes and refunds are remembered, to tell what a provider's report had not seen yet. */
const CHANGE_MEMORY_MS = 5 * MINUTE_MS;
/** How long a shortfall found by `reconcile` is kept as headroom. */
const HEADROOM_MEMORY_MS = MINUTE_MS;

interface Change {
  at: number;
  /** Units: negative for a take, positive for a refund (as applied, after the cap). */
  units: number;
}

/** Recent changes to a bucket's level, oldest first, forgotten after CHANGE_MEMORY_MS. */
class ChangeLog {
  #changes: Change[] = [];
  #head = 0;
  /** Changes at or before this time may have been forgotten. */
  #forgottenUntil = -Infinity;

  record(at: number, units: number): void {
    this.#changes.push({ at, units });
    for (
      let c = this.#changes[this.#head];
      c && c.at < at - CHANGE_MEMORY_MS;
      c = this.#changes[this.#head]
    ) {
      this.#forgottenUntil = c.at;
      this.#head++;
    }
    if (this.#head > 1_024 && this.#head * 2 > this.#changes.length) {
      this.#changes = this.#changes.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Net units changed strictly after `t`, or undefined when some of those were forgotten. */
  sumAfter(t: number): number | undefined {
    if (t < this.#forgottenUntil) return undefined;
    let sum = 0;
    for (let i = this.#changes.length - 1; i >= this.#head; i--) {
      const c = this.#changes[i] as Change;
      if (c.at <= t) break;
      sum += c.units;
    }
    return sum;
  }
}

function assertLimit(limitPerMinute: number): void {
  if (!(Number.isFinite(limitPerMinute) && limitPerMinute > 0)) {
    throw new RangeError(`A per-minute limit must be a finite number above 0, got ${limitPerMinute}.`);
  }
}

function assertUnits(n: number): void {
  if (!(Number.isFinite(n) && n >= 0)) throw new RangeError(`Units must be finite and 0 or more, got ${n}.`);
}

/**
 * A per-minute limit as OpenAI and Anthropic document it: a bucket holding up to `limit` units that
 * refills continuously at limit / 60 s (not a window reset each minute), driven by an injected
 * clock. The level may go negative: a demand larger than the whole bucket is admitted when the
 * bucket is full (waiting for more would wait forever) and its debt is paid back before anything
 * else fits.
 *
 * The level is kept multiplied by 60,000 (ms per minute), so refilling `limit` per minute adds
 * exactly `limit` per millisecond: with whole-number limits and clock times the arithmetic is
 * exact, and `msUntil` never answers a millisecond too early.
 */
export class TokenBucket {
  #limit: number;
  /** Level x MINUTE_MS. */
  #scaled: number;
  #updatedAt: number;
  readonly #clock: Clock;
  readonly #changes = new ChangeLog();
  /** Shortfalls (x MINUTE_MS) found by reconcile in the last HEADROOM_MEMORY_MS, oldest first. */
  #shortfalls: { at: number; scaled: number }[] = [];
  /**
   * How stale reports were when they arrived (now - observedAt) in the last HEADROOM_MEMORY_MS, as a
   * monotonic deque: each entry is larger than every later one, so the first is the largest.
   */
  #lags: { at: number; ms: number }[] = [];

  constructor(limitPerMinute: number, clock: Clock, initialLevel = limitPerMinute) {
    assertLimit(limitPerMinute);
    this.#clock = clock;
    this.#limit = limitPerMinute;
    this.#scaled = Math.min(initialLevel, limitPerMinute) * MINUTE_MS;
    this.#updatedAt = clock.now();
  }

  /** The per-minute limit: what a full bucket holds. */
  get capacity(): number {
    return this.#limit;
  }

  /** Units per millisecond. */
  get refillRate(): number {
    return this.#limit / MINUTE_MS;
  }

  /** Units available now; negative while a debt is being paid back. */
  available(): number {
    this.#refill();
    return this.#scaled / MINUTE_MS;
  }

  /**
   * Units held back above each demand because the provider recently had less room than we
   * thought (see `reconcile`); 0 while our count and the provider's agree.
   */
  get headroom(): number {
    return this.#headroomScaled() / MINUTE_MS;
  }

  /**
   * Milliseconds until `n` units (plus the headroom) can be taken; a demand above capacity waits
   * for a full bucket.
   */
  msUntil(n: number): number {
    this.#refill();
    const need = Math.min(n * MINUTE_MS + this.#headroomScaled(), this.#limit * MINUTE_MS);
    return this.#scaled >= need ? 0 : Math.ceil((need - this.#scaled) / this.#limit);
  }

  /** Milliseconds until the bucket is full again. */
  msToFull(): number {
    this.#refill();
    return Math.ceil((this.#limit * MINUTE_MS - this.#scaled) / this.#limit);
  }

  /** Takes `n` units if `msUntil(n)` is 0 (possibly leaving a debt, see above). */
  tryTake(n: number): boolean {
    if (this.msUntil(n) > 0) return false;
    this.take(n);
    return true;
  }

  /** Takes `n` units unconditionally: the level may go negative (a debt). */
  take(n: number): void {
    assertUnits(n);
    this.#refill();
    this.#scaled -= n * MINUTE_MS;
    this.#changes.record(this.#updatedAt, -n);
  }

  /** Refunds `n` units (charged but not used), never above capacity. */
  give(n: number): void {
    assertUnits(n);
    this.#refill();
    const before = this.#scaled;
    this.#scaled = Math.min(this.#limit * MINUTE_MS, this.#scaled + n * MINUTE_MS);
    this.#changes.record(this.#updatedAt, (this.#scaled - before) / MINUTE_MS);
  }

  /** Changes the limit, keeping the used part: a smaller limit gives no free refill, a larger one loses no use. */
  resize(limitPerMinute: number): void {
    assertLimit(limitPerMinute);
    this.#refill();
    const used = this.#limit * MINUTE_MS - this.#scaled;
    this.#limit = limitPerMinute;
    this.#scaled = limitPerMinute * MINUTE_MS - used;
  }

  /**
   * Learns from a provider's report of this limit (`observedAt`: when its headers were written).
   *
   * The limit is adopted as is. The remaining count is not, because it lags: it was measured before
   * the requests we admitted since reached the provider. So the provider's level is carried forward
   * to now: its remaining, plus the refill since it was measured (capped at the limit), plus what
   * we took (minus what we refunded) after that moment. The bucket then keeps the lower of that
   * and its own level:
   * - never raised: our level already counts calls the provider has not seen, or has seen and not
   *   yet reported; raising it to the provider's figure would spend them twice (the 429s of
   *   "TPM not respected under concurrent calls");
   * - lowered when the provider has clearly less room than we think: it counted more tokens than
   *   we estimated, or another client shares the key. "Clearly" means by more than one unit,
   *   because the headers report remaining rounded down, and trimming to the rounded figure on
   *   every response would throw a unit away each time (a tenth of the throughput at 10 RPS).
   * A shortfall also becomes headroom, held back above every demand for a minute (see
   * #headroomScaled). Whatever made the provider short (another client on the key, a tokenizer
   * counting more than our estimate) is likely to recur before the next report shows it, and a
   * demand admitted into exactly the room we believe in would then be refused. Holding stock back
   * costs throughput once, when it is first held, not at every admission.
   * A report older than our memory of takes cannot be carried forward, so only its limit is used.
   */
  reconcile(window: LimitWindow, observedAt: number): void {
    if (Number.isFinite(window.limit) && window.limit > 0 && window.limit !== this.#limit) {
      this.resize(window.limit);
    }
    if (!Number.isFinite(window.remaining)) return;
    this.#refill();
    const now = this.#updatedAt;
    const measuredAt = Math.min(observedAt, now);
    const changedSince = this.#changes.sumAfter(measuredAt);
    if (changedSince === undefined) return;
    const refilled = Math.min(
      this.#limit * MINUTE_MS,
      window.remaining * MINUTE_MS + (now - measuredAt) * this.#limit,
    );
    const providerLevel = refilled + changedSince * MINUTE_MS;
    const lagMs = now - measuredAt;
    while ((this.#lags.at(-1)?.ms ?? Infinity) <= lagMs) this.#lags.pop();
    this.#lags.push({ at: now, ms: lagMs });
    if (providerLevel + MINUTE_MS < this.#scaled) {
      this.#shortfalls.push({ at: now, scaled: this.#scaled - providerLevel });
      this.#scaled = providerLevel;
    }
  }

  /**
   * The largest shortfall of the last minute, or, if more, the sum of those found within the
   * longest lag of a report (a streamed answer's headers are read when it ends): a cause recurring
   * faster than reports arrive takes that much before a report can show it.
   */
  #headroomScaled(): number {
    const now = this.#clock.now();
    const since = now - HEADROOM_MEMORY_MS;
    while ((this.#shortfalls[0]?.at ?? Infinity) <= since) this.#shortfalls.shift();
    while ((this.#lags[0]?.at ?? Infinity) <= since) this.#lags.shift();
    if (this.#shortfalls.length === 0) return 0;
    const lagMs = this.#lags[0]?.ms ?? 0;
    let largest = 0;
    let withinLag = 0;
    for (const s of this.#shortfalls) {
      largest = Math.max(largest, s.scaled);
      if (s.at > now - lagMs) withinLag += s.scaled;
    }
    return Math.max(largest, withinLag);
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#scaled = Math.min(this.#limit * MINUTE_MS, this.#scaled + elapsed * this.#limit);
      this.#updatedAt = now;
    }
  }
}
