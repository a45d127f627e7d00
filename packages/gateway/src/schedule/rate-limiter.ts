import type { RateLimitConfig } from "../config/gateway-config.js";
import { AbortedError } from "../errors.js";
import type { RateLimitSnapshot } from "../types.js";
import type { Clock } from "./clock.js";
import {
  DIMENSIONS,
  ModelQueue,
  type Admission,
  type ChargeModel,
  type Demand,
  type LimitDimension,
} from "./model-queue.js";
import { TokenBucket } from "./token-bucket.js";

export type { Admission, AdmissionWaitReason, ChargeModel, Demand, LimitDimension } from "./model-queue.js";

export interface RateLimiterOptions {
  /** Calls in flight on a key whose limits are not known yet. Default 1. */
  probeConcurrency?: number;
}

export interface KeyOptions {
  /** Default "actual". */
  chargeModel?: ChargeModel;
}

export interface RateLimitState {
  key: string;
  limits: Partial<Record<LimitDimension, { limit: number; remaining: number; msToFull: number }>>;
  /** null when no cool-down is in force. */
  coolDownUntil: number | null;
  queued: number;
  inFlight: number;
  /** Limits are known (configured or from headers), or the provider turned out to send none. */
  learned: boolean;
}

interface Ticket {
  queue: ModelQueue;
  /** The buckets this admission was charged to (none while probing). */
  charged: LimitDimension[];
  settled: boolean;
  released: boolean;
}

function assertDemand(d: Demand): void {
  for (const n of [d.tokens, d.inputTokens, d.outputTokens]) {
    if (!(Number.isFinite(n) && n >= 0))
      throw new RangeError(`A demand must count 0 or more tokens, got ${n}.`);
  }
}

/**
 * Admission control per "<provider>/<model>", with a token bucket for each limit that is known
 * (requests, tokens, input and output tokens), set from the config and corrected by the headers
 * of every response.
 *
 * Fairness: each key has one FIFO queue, and only its head may take from the buckets. Who is
 * admitted is decided synchronously whenever something changes (a new waiter, a release, new
 * headers, the one timer set for the head's wait), so concurrent callers never all wake and
 * overdraw a bucket (the known failure of per-call sleep-and-retry limiters: "TPM not respected
 * under concurrent async calls"), and a large request is never starved by smaller ones slipping
 * past it. Holding the small ones back costs no throughput: a bucket that is not full loses
 * nothing while the head waits for it to fill.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #probeConcurrency: number;
  readonly #queues = new Map<string, ModelQueue>();
  readonly #tickets = new WeakMap<Admission, Ticket>();

  constructor(clock: Clock, options: RateLimiterOptions = {}) {
    const probe = options.probeConcurrency ?? 1;
    if (!(Number.isInteger(probe) && probe >= 1)) {
      throw new RangeError(`probeConcurrency must be a whole number of 1 or more, got ${probe}.`);
    }
    this.#clock = clock;
    this.#probeConcurrency = probe;
  }

  /** Known limits from the config; a limit already in use is resized, keeping what it has used. */
  configure(key: string, limits: RateLimitConfig | undefined, options: KeyOptions = {}): void {
    const queue = this.#queue(key);
    if (options.chargeModel) queue.chargeModel = options.chargeModel;
    const perMinute: Record<LimitDimension, number | undefined> = {
      requests: limits?.requestsPerMinute,
      tokens: limits?.tokensPerMinute,
      inputTokens: limits?.inputTokensPerMinute,
      outputTokens: limits?.outputTokensPerMinute,
    };
    for (const dim of DIMENSIONS) {
      const limit = perMinute[dim];
      if (limit === undefined) continue;
      const bucket = queue.buckets[dim];
      if (bucket) bucket.resize(limit);
      else queue.buckets[dim] = new TokenBucket(limit, this.#clock);
    }
    queue.drain();
  }

  /**
   * Waits until every known bucket of `key` can take `demand`, behind everyone who asked before,
   * then takes it. Rejects with AbortedError (and leaves the queue) when `signal` aborts first.
   */
  admit(key: string, demand: Demand, signal?: AbortSignal): Promise<Admission> {
    assertDemand(demand);
    if (signal?.aborted) return Promise.reject(new AbortedError("Waiting for a rate limit"));
    return this.#queue(key).enqueue(demand, signal);
  }

  /**
   * Corrects the token buckets once the provider's real charge is known: by (actual - demand) on
   * each bucket the admission was charged to, when the key's charge model is "actual". A settle on
   * a key that has learned nothing yet means the provider answered without rate-limit headers (an
   * observe() would have come first): it publishes no limits, so probing ends.
   */
  settle(admission: Admission, actual: Demand): void {
    assertDemand(actual);
    const ticket = this.#ticket(admission);
    if (ticket.settled) return;
    ticket.settled = true;
    const { queue } = ticket;
    queue.learned = true;
    if (queue.chargeModel === "actual") {
      for (const dim of ticket.charged) {
        if (dim === "requests") continue;
        const delta = actual[dim] - admission.demand[dim];
        if (delta > 0) queue.buckets[dim]?.take(delta);
        else if (delta < 0) queue.buckets[dim]?.give(-delta);
      }
    }
    queue.drain();
  }

  /** The call has ended (answered or failed): it no longer counts as in flight. */
  release(admission: Admission): void {
    const ticket = this.#ticket(admission);
    if (ticket.released) return;
    ticket.released = true;
    ticket.queue.inFlight--;
    ticket.queue.drain();
  }

  /** Learns limits and remaining counts from a response's headers (see TokenBucket.reconcile). */
  observe(key: string, snapshot: RateLimitSnapshot): void {
    const queue = this.#queue(key);
    for (const dim of DIMENSIONS) {
      const window = snapshot[dim];
      if (!window || !(Number.isFinite(window.limit) && window.limit > 0)) continue;
      const bucket = queue.buckets[dim];
      if (bucket) {
        bucket.reconcile(window, snapshot.observedAt);
        continue;
      }
      // First sight of this limit: start from the provider's level, refilled since it was measured.
      // Calls admitted while probing are not charged to it: the provider counted those that
      // reached it before it answered.
      const sinceMs = Math.max(0, this.#clock.now() - snapshot.observedAt);
      const level = Number.isFinite(window.remaining)
        ? window.remaining + (sinceMs * window.limit) / 60_000
        : window.limit;
      queue.buckets[dim] = new TokenBucket(window.limit, this.#clock, level);
    }
    queue.learned = true;
    queue.drain();
  }

  /** After a 429: nobody on this key is admitted for `ms` (the provider's Retry-After). Never shortens one in force. */
  coolDown(key: string, ms: number): void {
    const queue = this.#queue(key);
    const until = this.#clock.now() + (ms > 0 ? ms : 0);
    if (until > queue.coolDownUntil) queue.coolDownUntil = until;
    queue.drain();
  }

  /** Per key, for telemetry: each known limit with what remains and the time to full, cool-down, queue. */
  state(): RateLimitState[] {
    const now = this.#clock.now();
    return [...this.#queues.values()].map((q) => {
      const limits: RateLimitState["limits"] = {};
      for (const dim of DIMENSIONS) {
        const b = q.buckets[dim];
        if (!b) continue;
        limits[dim] = {
          limit: b.capacity,
          remaining: Math.max(0, Math.floor(b.available())),
          msToFull: b.msToFull(),
        };
      }
      return {
        key: q.key,
        limits,
        coolDownUntil: q.coolDownUntil > now ? q.coolDownUntil : null,
        queued: q.queued,
        inFlight: q.inFlight,
        learned: q.knowsLimits,
      };
    });
  }

  #queue(key: string): ModelQueue {
    let queue = this.#queues.get(key);
    if (!queue) {
      const made: ModelQueue = new ModelQueue(
        key,
        this.#clock,
        this.#probeConcurrency,
        (admission, charged) =>
          this.#tickets.set(admission, { queue: made, charged, settled: false, released: false }),
      );
      queue = made;
      this.#queues.set(key, queue);
    }
    return queue;
  }

  #ticket(admission: Admission): Ticket {
    const ticket = this.#tickets.get(admission);
    if (!ticket) throw new RangeError("This admission was not granted by this RateLimiter.");
    return ticket;
  }
}
