export { Gateway, type GatewayOptions, type CallEstimate } from "./gateway.js";
export type { GatewayListener } from "./event-bus.js";
export * from "./types.js";
export * from "./errors.js";
export type {
  GatewayConfig,
  ProviderConfig,
  ProviderKind,
  ModelConfig,
  RateLimitConfig,
  RetryConfig,
} from "./config/gateway-config.js";
export { didYouMean } from "./config/did-you-mean.js";
export { validateGatewayConfig } from "./config/validate-gateway-config.js";
export { ModelRegistry, type ResolvedModel } from "./registry/model-registry.js";
export { computeCost } from "./pricing/compute-cost.js";
export { lookupCatalogPrice } from "./pricing/price-catalog.js";
export { estimateTokens } from "./pricing/token-estimator.js";
export { Budget } from "./budget/budget.js";
export { usdToNanoUsd, nanoUsdToUsd, formatUsd } from "./budget/usd.js";
export { RateLimiter } from "./schedule/rate-limiter.js";
export { RetryPolicy } from "./schedule/retry-policy.js";
export type { Clock } from "./schedule/clock.js";
export { systemClock } from "./schedule/system-clock.js";
export { FakeClock } from "./schedule/fake-clock.js";
export { MemoryCache } from "./cache/memory-cache.js";
export type { ResponseCache } from "./cache/response-cache.js";
export { requestHash, type CacheableRequest } from "./cache/request-hash.js";
export type { CallRecorder, RecordedCall, RecordedRequest } from "./record/call-recorder.js";
export { canonicalJson } from "./cache/canonical-json.js";
export type { ProviderAdapter, AdapterCall, AdapterResult } from "./providers/provider-adapter.js";
export { redactSecrets } from "./providers/redact-secrets.js";
export type { ModelCall } from "./providers/provider-adapter.js";
export {
  planBatches,
  type PlannedBatch,
  type PlannedItem,
  type BatchPlanOptions,
} from "./batch/plan-batches.js";
export type { BatchRequest } from "./batch/batch-request.js";
export {
  BATCH_LIMITS,
  BATCH_DISCOUNT,
  isBatchProviderKind,
  type BatchLimits,
  type BatchProviderKind,
} from "./batch/batch-limits.js";
export { batchItemCost } from "./batch/batch-cost.js";
export type { BatchAdapter, BatchCallOptions, SubmittedBatch } from "./batch/batch-adapter.js";
export {
  FINAL_BATCH_STATES,
  type BatchState,
  type BatchStatus,
  type BatchCounts,
} from "./batch/batch-status.js";
export type { BatchItemOutcome, BatchItemResponse } from "./batch/batch-item-outcome.js";
export { BatchItemError, type BatchItemErrorCode } from "./batch/batch-item-error.js";
export { BatchFailedError, type BatchFailure } from "./batch/batch-failed-error.js";
export { BatchNotEndedError } from "./batch/batch-not-ended-error.js";
export { createOpenAIBatchAdapter, type OpenAIBatchAdapterOptions } from "./batch/openai-batch-adapter.js";
export {
  createAnthropicBatchAdapter,
  type AnthropicBatchAdapterOptions,
} from "./batch/anthropic-batch-adapter.js";
export { createBatchAdapter } from "./batch/create-batch-adapter.js";
export { abortableSleep } from "./batch/abortable-sleep.js";
export { resumedBatch } from "./batch/resumed-batch.js";
export { waitForBatch, type WaitForBatchOptions } from "./batch/wait-for-batch.js";
