import type { CostBreakdown, ModelPrice, PriceSource, TokenUsage } from "../types.js";

/**
 * Cost of one call in integer nano-dollars, kind by kind. The usage kinds are disjoint (see
 * TokenUsage), so cached tokens are billed once at the cached rate, cache writes at the write rate,
 * and reasoning once at its rate: the double counting other gateways have shipped cannot happen.
 * nano-USD per token = USD per million tokens x 1000; each kind is rounded to the nearest nano-dollar.
 */
export function computeCost(
  usage: TokenUsage,
  modelPrice: ModelPrice,
  source: PriceSource,
  options: { discount?: number } = {},
): CostBreakdown {
  const factor = options.discount ?? 1;
  const promptTokens = usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens;
  const price = priceForPrompt(modelPrice, promptTokens);
  const kind = (tokens: number, perMTok: number) => Math.round(tokens * perMTok * 1000 * factor);
  const byKind = {
    inputTokens: kind(usage.inputTokens, price.inputPerMTok),
    cachedInputTokens: kind(usage.cachedInputTokens, price.cachedInputPerMTok ?? price.inputPerMTok),
    cacheWriteTokens: kind(usage.cacheWriteTokens, price.cacheWritePerMTok ?? price.inputPerMTok),
    outputTokens: kind(usage.outputTokens, price.outputPerMTok),
    reasoningTokens: kind(usage.reasoningTokens, price.reasoningPerMTok ?? price.outputPerMTok),
  };
  const cost: CostBreakdown = {
    totalNanoUsd:
      byKind.inputTokens + byKind.cachedInputTokens + byKind.cacheWriteTokens + byKind.outputTokens + byKind.reasoningTokens,
    byKind,
    source,
  };
  if (options.discount !== undefined) cost.discount = options.discount;
  return cost;
}

/** The tier in force for a prompt of this size (providers bill the whole call at that tier). */
export function priceForPrompt(price: ModelPrice, promptTokens: number): Omit<ModelPrice, "tiers"> {
  let chosen: Omit<ModelPrice, "tiers"> = price;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.aboveInputTokens) chosen = tier.price;
  return chosen;
}
