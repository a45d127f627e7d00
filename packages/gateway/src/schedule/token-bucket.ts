import type { LimitWindow } from "../types.js";
import type { Clock } from "./clock.js";

const MINUTE_MS = 60_000;

/**
 * A per-minute limit as the providers implement it: a bucket holding up to `limit` units that
 * refills continuously at limit/60 s (OpenAI and Anthropic both document continuous replenishment
 * rather than fixed windows). The level may go negative: a request larger than the whole bucket
 * is admitted when the bucket is full, and pays its debt back before anything else is.
 */
export class TokenBucket {
  #capacity: number;
  #level: number;
  #updatedAt: number;
  readonly #clock: Clock;

  constructor(limitPerMinute: number, clock: Clock, initialLevel = limitPerMinute) {
    this.#clock = clock;
    this.#capacity = limitPerMinute;
    this.#level = Math.min(initialLevel, limitPerMinute);
    this.#updatedAt = clock.now();
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Units per millisecond. */
  get refillRate(): number {
    return this.#capacity / MINUTE_MS;
  }

  available(): number {
    this.#refill();
    return this.#level;
  }

  /** Milliseconds until `n` units can be taken (a demand over capacity waits for a full bucket). */
  msUntil(n: number): number {
    this.#refill();
    const need = Math.min(n, this.#capacity);
    if (this.#level >= need) return 0;
    if (this.#capacity <= 0) return Infinity;
    return Math.ceil((need - this.#level) / this.refillRate);
  }

  tryTake(n: number): boolean {
    if (this.msUntil(n) > 0) return false;
    this.#level -= n;
    return true;
  }

  take(n: number): void {
    this.#refill();
    this.#level -= n;
  }

  give(n: number): void {
    this.#refill();
    this.#level = Math.min(this.#capacity, this.#level + n);
  }

  resize(limitPerMinute: number): void {
    this.#refill();
    // Keep the used part: a smaller limit leaves less room, never a free refill.
    const used = this.#capacity - this.#level;
    this.#capacity = limitPerMinute;
    this.#level = limitPerMinute - used;
  }

  /**
   * Learns from a provider's rate-limit headers. The provider counted every request it had
   * received when it answered; our own level also counts requests admitted since, which it had not
   * seen yet. So our level is usually the lower one and is kept; when the provider reports less
   * room than we think (its token count is higher than our estimate, or another client shares the
   * key), we drop to its figure, refilled for the time since it was measured.
   */
  reconcile(window: LimitWindow, observedAt: number): void {
    if (window.limit > 0 && window.limit !== this.#capacity) this.resize(window.limit);
    this.#refill();
    const elapsed = Math.max(0, this.#clock.now() - observedAt);
    const serverNow = Math.min(this.#capacity, window.remaining + elapsed * this.refillRate);
    // Providers report remaining rounded down, so a true level up to one unit above it reads the
    // same; trimming to it on every response would throw that unit away each time (a tenth of
    // the throughput at 10 requests/s). Only a gap beyond the rounding is drift worth correcting.
    if (serverNow + 1 < this.#level) this.#level = serverNow;
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#level = Math.min(this.#capacity, this.#level + elapsed * this.refillRate);
      this.#updatedAt = now;
    }
  }
}
