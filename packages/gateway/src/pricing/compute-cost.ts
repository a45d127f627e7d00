import type { CostBreakdown, ModelPrice, PriceSource, TokenUsage } from "../types.js";

type FlatPrice = Omit<ModelPrice, "tiers">;

const KINDS = [
  "inputTokens",
  "cachedInputTokens",
  "cacheWriteTokens",
  "outputTokens",
  "reasoningTokens",
] as const;

/** The tier in force for a prompt of this size (providers bill the whole call at that tier). */
export function priceForPrompt(price: ModelPrice, promptTokens: number): FlatPrice {
  let chosen: FlatPrice = price;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.aboveInputTokens) chosen = tier.price;
  return chosen;
}

/** The rate of each usage kind, with the documented defaults for rates a provider does not set. */
function ratesPerMTok(price: FlatPrice): Record<keyof TokenUsage, number> {
  return {
    inputTokens: price.inputPerMTok,
    cachedInputTokens: price.cachedInputPerMTok ?? price.inputPerMTok,
    cacheWriteTokens: price.cacheWritePerMTok ?? price.inputPerMTok,
    outputTokens: price.outputPerMTok,
    reasoningTokens: price.reasoningPerMTok ?? price.outputPerMTok,
  };
}

/**
 * `tokens` at `perMTok` USD per million, times `discountMicro` / 1e6, in nano-dollars rounded to the
 * nearest (halves up). USD per MTok x 1e6 is pico-dollars per token, an integer for any price with up
 * to six decimals, so the product is an exact integer and the only rounding is the final one. Prices
 * with more decimals (OpenRouter's 1/12 of a dollar) fall back to floating point, off by under a nano.
 */
function nanoUsd(tokens: number, perMTok: number, discountMicro: number): number {
  if (tokens === 0 || perMTok === 0 || discountMicro === 0) return 0;
  const picoPerToken = Math.round(perMTok * 1e6);
  if (Math.abs(picoPerToken - perMTok * 1e6) > 1e-3) {
    return Math.round((tokens * perMTok * 1000 * discountMicro) / 1e6);
  }
  // In 1e-18 USD (pico-dollars on the discount's 1e6 scale); 1e9 of them make a nano-dollar. Integer
  // division with the remainder keeps the rounding exact where a floating quotient could not.
  const scaled = tokens * picoPerToken * discountMicro;
  if (Number.isSafeInteger(scaled)) {
    const remainder = scaled % 1e9;
    return (scaled - remainder) / 1e9 + (remainder * 2 >= 1e9 ? 1 : 0);
  }
  const big = BigInt(tokens) * BigInt(picoPerToken) * BigInt(discountMicro);
  return Number((big + 500_000_000n) / 1_000_000_000n);
}

function checkTokens(usage: TokenUsage): void {
  for (const kind of KINDS) {
    const n = usage[kind];
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`usage.${kind} must be a whole number of 0 or more, got ${n}`);
  }
}

/**
 * Cost of one call in integer nano-dollars, kind by kind. The usage kinds are disjoint (see
 * TokenUsage), so each token is billed exactly once: cached reads at the cached rate (never also as
 * input), cache writes at the write rate, reasoning once at its rate (never also as output). The tier
 * is chosen by the whole prompt: input + cached + cache writes. `discount` multiplies every kind
 * (Batch APIs: 0.5) and is applied before rounding; it is exact to six decimals.
 */
export function computeCost(
  usage: TokenUsage,
  price: ModelPrice,
  source: PriceSource,
  opts: { discount?: number } = {},
): CostBreakdown {
  checkTokens(usage);
  const discount = opts.discount ?? 1;
  if (!Number.isFinite(discount) || discount < 0)
    throw new RangeError(`discount must be a finite number of 0 or more, got ${discount}`);
  const discountMicro = Math.round(discount * 1e6);
  const rates = ratesPerMTok(
    priceForPrompt(price, usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens),
  );
  const byKind = {} as Record<keyof TokenUsage, number>;
  let totalNanoUsd = 0;
  for (const kind of KINDS) {
    byKind[kind] = nanoUsd(usage[kind], rates[kind], discountMicro);
    totalNanoUsd += byKind[kind];
  }
  const cost: CostBreakdown = { totalNanoUsd, byKind, source };
  if (opts.discount !== undefined) cost.discount = opts.discount;
  return cost;
}
