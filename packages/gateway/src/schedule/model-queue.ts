import { AbortedError } from "../errors.js";
import type { Clock } from "./clock.js";
import type { TokenBucket } from "./token-bucket.js";

/** The limit kinds, named as in RateLimitSnapshot. */
export type LimitDimension = "requests" | "tokens" | "inputTokens" | "outputTokens";
export const DIMENSIONS: readonly LimitDimension[] = ["requests", "tokens", "inputTokens", "outputTokens"];

/** What held an admission back longest, in the providers' own words for their limits. */
export type AdmissionWaitReason =
  "requests" | "tokens" | "input_tokens" | "output_tokens" | "cooldown" | "probe";
const WAIT_REASONS: readonly AdmissionWaitReason[] = [
  "requests",
  "tokens",
  "input_tokens",
  "output_tokens",
  "cooldown",
  "probe",
];
const REASON_OF: Record<LimitDimension, AdmissionWaitReason> = {
  requests: "requests",
  tokens: "tokens",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
};

/** What one call charges against a model's limits (a request counts 1 against requests). */
export interface Demand {
  tokens: number;
  inputTokens: number;
  outputTokens: number;
}

/** A granted admission: pass it to the limiter's `settle` and `release`. */
export interface Admission {
  readonly key: string;
  readonly demand: Readonly<Demand>;
  readonly admittedAt: number;
  readonly waitedMs: number;
  readonly reason?: AdmissionWaitReason;
}

/**
 * How a provider settles its token limits. "actual": the charge at admission is corrected to what
 * the call really used (Anthropic's OTPM: estimated from max_tokens, adjusted at the end).
 * "estimate": the charge at admission stands (OpenAI counts prompt + max_tokens and keeps it).
 */
export type ChargeModel = "estimate" | "actual";

export const amountOf = (dim: LimitDimension, d: Demand): number => (dim === "requests" ? 1 : d[dim]);

interface Waiter {
  demand: Demand;
  enqueuedAt: number;
  /** The queue's blockedMs when this waiter arrived: the difference at admission says why it waited. */
  blockedMark: number[];
  resolve(admission: Admission): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * One key's admission state: its buckets, cool-down, calls in flight, and a FIFO queue of which
 * only the head may take from the buckets. `drain` decides synchronously, whenever something
 * changes, who is admitted; one clock timer per key waits for the head's turn.
 */
export class ModelQueue {
  readonly key: string;
  readonly buckets: Partial<Record<LimitDimension, TokenBucket>> = {};
  chargeModel: ChargeModel = "actual";
  /** A response taught something: limits, or that this provider sends no rate-limit headers. */
  learned = false;
  inFlight = 0;
  coolDownUntil = 0;
  readonly #clock: Clock;
  readonly #probeConcurrency: number;
  readonly #onGrant: (admission: Admission, charged: LimitDimension[]) => void;
  readonly #queue: Waiter[] = [];
  /** Time the head spent blocked, per WAIT_REASONS entry, since the queue was made. */
  readonly #blockedMs: number[] = WAIT_REASONS.map(() => 0);
  #blockedBy: number | undefined;
  #blockedSince = 0;
  #timer: { at: number; cancel: AbortController } | undefined;

  constructor(
    key: string,
    clock: Clock,
    probeConcurrency: number,
    onGrant: (admission: Admission, charged: LimitDimension[]) => void,
  ) {
    this.key = key;
    this.#clock = clock;
    this.#probeConcurrency = probeConcurrency;
    this.#onGrant = onGrant;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Limits are known (configured or from headers), or the provider turned out to send none. */
  get knowsLimits(): boolean {
    return this.learned || Object.keys(this.buckets).length > 0;
  }

  enqueue(demand: Demand, signal: AbortSignal | undefined): Promise<Admission> {
    return new Promise<Admission>((resolve, reject) => {
      this.#accountBlocked();
      const waiter: Waiter = {
        demand: { tokens: demand.tokens, inputTokens: demand.inputTokens, outputTokens: demand.outputTokens },
        enqueuedAt: this.#clock.now(),
        blockedMark: [...this.#blockedMs],
        resolve,
        signal,
        onAbort: () => {
          const i = this.#queue.indexOf(waiter);
          if (i < 0) return;
          this.#queue.splice(i, 1);
          reject(new AbortedError("Waiting for a rate limit"));
          this.drain();
        },
      };
      this.#queue.push(waiter);
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.drain();
    });
  }

  /** Admits waiters from the head for as long as they fit; then sets one timer for the head's wait. */
  drain(): void {
    this.#accountBlocked();
    this.#blockedBy = undefined;
    const now = this.#clock.now();
    for (let head = this.#queue[0]; head; head = this.#queue[0]) {
      const wait = this.#waitFor(head.demand, now);
      if (wait.ms > 0) {
        this.#blockedBy = wait.reason;
        this.#wakeAfter(wait.ms);
        return;
      }
      this.#queue.shift();
      this.#grant(head, now);
    }
    this.#wakeAfter(Infinity);
  }

  /** How long the head must still wait, and for what; Infinity waits for a release or headers. */
  #waitFor(demand: Demand, now: number): { ms: number; reason?: number } {
    if (this.coolDownUntil > now) {
      return { ms: this.coolDownUntil - now, reason: WAIT_REASONS.indexOf("cooldown") };
    }
    if (!this.knowsLimits) {
      // Probing: an unknown provider is not flooded before its headers teach its limits.
      if (this.inFlight < this.#probeConcurrency) return { ms: 0 };
      return { ms: Infinity, reason: WAIT_REASONS.indexOf("probe") };
    }
    let wait: { ms: number; reason?: number } = { ms: 0 };
    for (const dim of DIMENSIONS) {
      const ms = this.buckets[dim]?.msUntil(amountOf(dim, demand)) ?? 0;
      if (ms > wait.ms) wait = { ms, reason: WAIT_REASONS.indexOf(REASON_OF[dim]) };
    }
    return wait;
  }

  #grant(waiter: Waiter, now: number): void {
    const charged: LimitDimension[] = [];
    for (const dim of DIMENSIONS) {
      const bucket = this.buckets[dim];
      if (!bucket) continue;
      bucket.take(amountOf(dim, waiter.demand));
      charged.push(dim);
    }
    this.inFlight++;
    // The reason is whatever blocked the head longest while this waiter was queued.
    let reason: AdmissionWaitReason | undefined;
    let longest = 0;
    for (const [i, ms] of this.#blockedMs.entries()) {
      const waited = ms - (waiter.blockedMark[i] ?? 0);
      if (waited > longest) {
        reason = WAIT_REASONS[i];
        longest = waited;
      }
    }
    const admission: Admission = Object.freeze({
      key: this.key,
      demand: Object.freeze(waiter.demand),
      admittedAt: now,
      waitedMs: now - waiter.enqueuedAt,
      ...(reason ? { reason } : {}),
    });
    this.#onGrant(admission, charged);
    waiter.signal?.removeEventListener("abort", waiter.onAbort);
    waiter.resolve(admission);
  }

  /** Folds the time the head has been blocked so far into blockedMs. */
  #accountBlocked(): void {
    const now = this.#clock.now();
    if (this.#blockedBy !== undefined) {
      this.#blockedMs[this.#blockedBy] = (this.#blockedMs[this.#blockedBy] ?? 0) + (now - this.#blockedSince);
    }
    this.#blockedSince = now;
  }

  /** Keeps exactly one pending timer, for the head's wait; Infinity cancels it. */
  #wakeAfter(ms: number): void {
    const at = this.#clock.now() + ms;
    if (this.#timer?.at === at) return;
    this.#timer?.cancel.abort();
    this.#timer = undefined;
    if (ms === Infinity) return;
    const timer = { at, cancel: new AbortController() };
    this.#timer = timer;
    this.#clock.sleep(ms, timer.cancel.signal).then(
      () => {
        if (this.#timer !== timer) return;
        this.#timer = undefined;
        this.drain();
      },
      () => {},
    );
  }
}
