import type { RateLimitConfig } from "../config/gateway-config.js";
import { AbortedError } from "../errors.js";
import type { RateLimitSnapshot } from "../types.js";
import type { Clock } from "./clock.js";
import { TokenBucket } from "./token-bucket.js";

export type LimitDimension = "requests" | "tokens" | "inputTokens" | "outputTokens";
const DIMENSIONS: readonly LimitDimension[] = ["requests", "tokens", "inputTokens", "outputTokens"];

/** What one call charges against a model's limits. */
export interface Demand {
  tokens: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Admission {
  readonly key: string;
  readonly demand: Demand;
  readonly waitedMs: number;
  /** What held the call back longest, when it waited. */
  readonly reason?: LimitDimension | "cooldown" | "probe";
}

export interface RateLimitState {
  key: string;
  limits: Partial<Record<LimitDimension, { limit: number; remaining: number; msToFull: number }>>;
  coolDownUntil: number | null;
  queued: number;
  inFlight: number;
  learned: boolean;
}

interface Waiter {
  demand: Demand;
  enqueuedAt: number;
  reason?: Admission["reason"];
  resolve(admission: Admission): void;
  reject(err: unknown): void;
}

interface KeyState {
  buckets: Partial<Record<LimitDimension, TokenBucket>>;
  queue: Waiter[];
  inFlight: number;
  coolDownUntil: number;
  pumping: boolean;
  /** Wakes the pump early: a release, new headers, a cancelled waiter. */
  kick: () => void;
}

export interface RateLimiterOptions {
  /** Calls in flight on a key whose limits are not known yet. Default 1. */
  probeConcurrency?: number;
}

const amount = (dim: LimitDimension, d: Demand) => (dim === "requests" ? 1 : d[dim]);

/**
 * Admission control per "<provider>/<model>": requests and token buckets, from the config and
 * from the headers of every response. Waiters are served strictly first come, first served by one
 * pump per key, so concurrent callers cannot all wake at once and overdraw a bucket (the way
 * per-call sleep-and-retry limiters break TPM under async concurrency), and a large request is
 * not starved by smaller ones slipping past it.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #keys = new Map<string, KeyState>();
  readonly #probeConcurrency: number;

  constructor(clock: Clock, options: RateLimiterOptions = {}) {
    this.#clock = clock;
    this.#probeConcurrency = options.probeConcurrency ?? 1;
  }

  configure(key: string, limits: RateLimitConfig | undefined): void {
    const state = this.#state(key);
    const perMinute: Partial<Record<LimitDimension, number | undefined>> = {
      requests: limits?.requestsPerMinute,
      tokens: limits?.tokensPerMinute,
      inputTokens: limits?.inputTokensPerMinute,
      outputTokens: limits?.outputTokensPerMinute,
    };
    for (const dim of DIMENSIONS) {
      const limit = perMinute[dim];
      if (limit !== undefined) state.buckets[dim] = new TokenBucket(limit, this.#clock);
    }
  }

  admit(key: string, demand: Demand, signal?: AbortSignal): Promise<Admission> {
    if (signal?.aborted) return Promise.reject(new AbortedError("Waiting for a rate limit"));
    const state = this.#state(key);
    return new Promise<Admission>((resolve, reject) => {
      const waiter: Waiter = { demand, enqueuedAt: this.#clock.now(), resolve, reject };
      state.queue.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const i = state.queue.indexOf(waiter);
          if (i >= 0) {
            state.queue.splice(i, 1);
            reject(new AbortedError("Waiting for a rate limit"));
            state.kick();
          }
        },
        { once: true },
      );
      void this.#pump(key, state);
    });
  }

  /** Corrects the buckets once the provider's real charge is known (it may differ from the estimate). */
  settle(admission: Admission, actual: Demand): void {
    const state = this.#state(admission.key);
    for (const dim of ["tokens", "inputTokens", "outputTokens"] as const) {
      const bucket = state.buckets[dim];
      if (!bucket) continue;
      const delta = actual[dim] - admission.demand[dim];
      if (delta > 0) bucket.take(delta);
      else if (delta < 0) bucket.give(-delta);
    }
  }

  release(admission: Admission): void {
    const state = this.#state(admission.key);
    state.inFlight = Math.max(0, state.inFlight - 1);
    state.kick();
  }

  observe(key: string, snapshot: RateLimitSnapshot): void {
    const state = this.#state(key);
    for (const dim of DIMENSIONS) {
      const window = snapshot[dim];
      if (!window || window.limit <= 0) continue;
      let bucket = state.buckets[dim];
      if (!bucket) {
        // First sight of this limit: start from what the provider says is left.
        bucket = new TokenBucket(window.limit, this.#clock, window.remaining);
        state.buckets[dim] = bucket;
      }
      bucket.reconcile(window, snapshot.observedAt);
    }
    state.kick();
  }

  /** After a 429: nobody on this key is admitted until the provider's Retry-After has passed. */
  coolDown(key: string, ms: number): void {
    const state = this.#state(key);
    state.coolDownUntil = Math.max(state.coolDownUntil, this.#clock.now() + Math.max(0, ms));
    state.kick();
  }

  state(): RateLimitState[] {
    const now = this.#clock.now();
    return [...this.#keys.entries()].map(([key, s]) => {
      const limits: RateLimitState["limits"] = {};
      for (const dim of DIMENSIONS) {
        const b = s.buckets[dim];
        if (!b) continue;
        const remaining = Math.max(0, Math.floor(b.available()));
        limits[dim] = {
          limit: b.capacity,
          remaining,
          msToFull: Math.ceil((b.capacity - b.available()) / b.refillRate),
        };
      }
      return {
        key,
        limits,
        coolDownUntil: s.coolDownUntil > now ? s.coolDownUntil : null,
        queued: s.queue.length,
        inFlight: s.inFlight,
        learned: Object.keys(s.buckets).length > 0,
      };
    });
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { buckets: {}, queue: [], inFlight: 0, coolDownUntil: 0, pumping: false, kick: () => {} };
      this.#keys.set(key, state);
    }
    return state;
  }

  /** How long the head of the queue must wait, and why; Infinity means "until kicked". */
  #waitFor(state: KeyState, demand: Demand): { ms: number; reason?: Admission["reason"] } {
    const now = this.#clock.now();
    if (state.coolDownUntil > now) return { ms: state.coolDownUntil - now, reason: "cooldown" };
    const known = DIMENSIONS.filter((d) => state.buckets[d]);
    if (known.length === 0) {
      return state.inFlight < this.#probeConcurrency ? { ms: 0 } : { ms: Infinity, reason: "probe" };
    }
    let worst: { ms: number; reason?: Admission["reason"] } = { ms: 0 };
    for (const dim of known) {
      const ms = state.buckets[dim]?.msUntil(amount(dim, demand)) ?? 0;
      if (ms > worst.ms) worst = { ms, reason: dim };
    }
    return worst;
  }

  async #pump(key: string, state: KeyState): Promise<void> {
    if (state.pumping) {
      state.kick();
      return;
    }
    state.pumping = true;
    try {
      while (state.queue.length > 0) {
        const head = state.queue[0] as Waiter;
        const wait = this.#waitFor(state, head.demand);
        if (wait.ms <= 0) {
          state.queue.shift();
          for (const dim of DIMENSIONS) state.buckets[dim]?.take(amount(dim, head.demand));
          state.inFlight++;
          const admission: Admission = {
            key,
            demand: head.demand,
            waitedMs: this.#clock.now() - head.enqueuedAt,
            ...(head.reason ? { reason: head.reason } : {}),
          };
          head.resolve(admission);
          continue;
        }
        head.reason ??= wait.reason;
        await this.#sleepOrKick(state, wait.ms);
      }
    } finally {
      state.pumping = false;
    }
  }

  /** Sleeps for `ms` (capped, to re-check learned limits) unless kicked first; leaves no timer behind. */
  async #sleepOrKick(state: KeyState, ms: number): Promise<void> {
    const timer = new AbortController();
    const kicked = new Promise<void>((resolve) => {
      state.kick = () => {
        state.kick = () => {};
        resolve();
      };
    });
    try {
      await Promise.race([this.#clock.sleep(Math.min(ms, 60_000), timer.signal).catch(() => {}), kicked]);
    } finally {
      timer.abort();
      state.kick = () => {};
    }
  }
}
