import { computeCost, priceForPrompt } from "../pricing/compute-cost.js";
import type { ModelPrice, PriceSource } from "../types.js";

/**
 * The most a call can cost: every prompt token at the dearest input rate (a cache write can cost
 * more than plain input) and maxTokens at the dearer of output and reasoning (reasoning tokens count
 * against max_completion_tokens). The budget reserves this before sending, so that no interleaving
 * of concurrent calls can pass the cap. computeCost rounds each of the five usage kinds to the
 * nearest nano-dollar, so a real bill can round up to one nano-dollar per kind above a total
 * rounded once: the reservation adds that much.
 */
export function worstCaseCostNanoUsd(
  inputTokens: number,
  maxTokens: number,
  price: ModelPrice,
  source: PriceSource,
): number {
  const tier = priceForPrompt(price, inputTokens);
  const inputRate = Math.max(tier.inputPerMTok, tier.cacheWritePerMTok ?? 0, tier.cachedInputPerMTok ?? 0);
  const outputRate = Math.max(tier.outputPerMTok, tier.reasoningPerMTok ?? 0);
  const worstPrice: ModelPrice = { inputPerMTok: inputRate, outputPerMTok: outputRate };
  const ROUNDING_PER_KIND_NANO_USD = 5;
  return (
    computeCost(
      { inputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: maxTokens, reasoningTokens: 0 },
      worstPrice,
      source,
    ).totalNanoUsd + ROUNDING_PER_KIND_NANO_USD
  );
}
