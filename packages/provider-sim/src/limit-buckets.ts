import { RateLimitBucket } from "./rate-limit-bucket.js";
import type { SimLimits } from "./sim-config.js";

/** The limits a provider enforces: OpenAI requests + tokens; Anthropic requests + input + output tokens. */
export type LimitDimension = "requests" | "tokens" | "input_tokens" | "output_tokens";

export type LimitBuckets = Partial<Record<LimitDimension, RateLimitBucket>>;

const FROM_LIMITS: [keyof SimLimits, LimitDimension][] = [
  ["rpm", "requests"],
  ["tpm", "tokens"],
  ["itpm", "input_tokens"],
  ["otpm", "output_tokens"],
];

/** Buckets per API key and model, made on first use, full. */
export class LimitBucketStore {
  readonly #buckets = new Map<string, LimitBuckets>();

  get(key: string, model: string, limits: SimLimits | undefined, now: number): LimitBuckets {
    const scope = `${key}\u0000${model}`;
    let buckets = this.#buckets.get(scope);
    if (!buckets) {
      buckets = {};
      for (const [setting, dimension] of FROM_LIMITS) {
        const limit = limits?.[setting];
        if (limit) buckets[dimension] = new RateLimitBucket(limit, now);
      }
      this.#buckets.set(scope, buckets);
    }
    return buckets;
  }
}
