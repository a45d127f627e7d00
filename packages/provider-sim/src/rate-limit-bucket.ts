/**
 * A provider-side per-minute limit: holds up to `limit` units and refills continuously at
 * limit/60 per second, as both OpenAI and Anthropic describe their limiters (a token bucket, not a
 * window reset each minute). Time comes from the caller, so tests can drive it with a fake clock.
 */
export class RateLimitBucket {
  readonly limit: number;
  #level: number;
  #updatedAt: number;

  constructor(limit: number, now: number) {
    this.limit = limit;
    this.#level = limit;
    this.#updatedAt = now;
  }

  level(now: number): number {
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#level = Math.min(this.limit, this.#level + (elapsed * this.limit) / 60_000);
      this.#updatedAt = now;
    }
    return this.#level;
  }

  /** Whole units left, as the headers report them. */
  remaining(now: number): number {
    return Math.max(0, Math.floor(this.level(now)));
  }

  /** Units in use: what the limit-exceeded messages call "Used". */
  used(now: number): number {
    return this.limit - this.remaining(now);
  }

  /** Milliseconds until `n` units are available; Infinity when `n` is more than the bucket holds. */
  msUntil(n: number, now: number): number {
    if (n > this.limit) return Infinity;
    const level = this.level(now);
    return level >= n ? 0 : Math.ceil(((n - level) * 60_000) / this.limit);
  }

  /** Milliseconds until the bucket is full again: the reset the providers' headers report. */
  msToFull(now: number): number {
    return Math.ceil(((this.limit - this.level(now)) * 60_000) / this.limit);
  }

  take(n: number, now: number): void {
    this.level(now);
    this.#level -= n;
  }

  /** Returns units charged in advance and not used (Anthropic's OTPM correction). */
  give(n: number, now: number): void {
    this.level(now);
    this.#level = Math.min(this.limit, this.#level + n);
  }
}
