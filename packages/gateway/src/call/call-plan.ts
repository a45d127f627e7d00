import type { CacheableRequest } from "../cache/request-hash.js";
import type { ResolvedModel } from "../registry/model-registry.js";
import type { GatewayRequest } from "../types.js";

/** One call, validated and resolved, ready for the route runner. */
export interface CallPlan {
  callId: string;
  request: GatewayRequest;
  /** The requested model first, then its fallbacks, each resolved (prices known, keys present). */
  route: ResolvedModel[];
  maxTokens: number;
  /** Prompt tokens as the first model's provider kind counts them, estimated once per call. */
  estimatedInputTokens: number;
  /** What the cache key is the hash of (and what the ledger records as the request). */
  cacheable: CacheableRequest;
  cacheKey: string;
  startedAt: number;
}
