/**
 * A provider-side per-minute limit: holds up to `limit` units and refills continuously at
 * limit/60 s, as both OpenAI and Anthropic describe their limiters.
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

  /** Milliseconds until `n` units are available (a demand over the limit needs a full bucket). */
  msUntil(n: number, now: number): number {
    const need = Math.min(n, this.limit);
    const level = this.level(now);
    return level >= need ? 0 : Math.ceil(((need - level) * 60_000) / this.limit);
  }

  msToFull(now: number): number {
    return Math.ceil(((this.limit - this.level(now)) * 60_000) / this.limit);
  }

  take(n: number, now: number): void {
    this.level(now);
    this.#level -= n;
  }

  give(n: number, now: number): void {
    this.level(now);
    this.#level = Math.min(this.limit, this.#level + n);
  }
}

/** Go-style durations, as OpenAI writes x-ratelimit-reset-*: "20ms", "1.5s", "6m0s". */
export function formatGoDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Number(((ms - minutes * 60_000) / 1000).toFixed(3))}s`;
}
