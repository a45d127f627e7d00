/** The provider kinds that have a Batch API the gateway drives. */
export type BatchProviderKind = "openai" | "anthropic";

export interface BatchLimits {
  maxRequests: number;
  /** Serialized size of one batch: the JSONL input file (OpenAI) or the create body (Anthropic). */
  maxBytes: number;
}

/**
 * The providers' documented limits on one batch; over them a batch is refused, so planBatches splits.
 * OpenAI: "A single batch may include up to 50,000 requests, and a batch input file can be up to
 * 200 MB in size." Anthropic: "limited to either 100,000 Message requests or 256 MB in size,
 * whichever is reached first."
 */
export const BATCH_LIMITS: Readonly<Record<BatchProviderKind, BatchLimits>> = Object.freeze({
  openai: { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 },
  anthropic: { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 },
});

/**
 * What a batch costs relative to the same calls made one by one. Both providers bill Batch API
 * tokens at 50% of the standard price, every token kind alike (OpenAI's Batch API guide; Anthropic's
 * "Batch processing" pricing: "50% discount on both input and output tokens").
 */
export const BATCH_DISCOUNT: Readonly<Record<BatchProviderKind, number>> = Object.freeze({
  openai: 0.5,
  anthropic: 0.5,
});

export function isBatchProviderKind(kind: string): kind is BatchProviderKind {
  return kind === "openai" || kind === "anthropic";
}
