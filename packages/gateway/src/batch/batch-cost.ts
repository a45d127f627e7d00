import { computeCost } from "../pricing/compute-cost.js";
import type { ResolvedModel } from "../registry/model-registry.js";
import type { CostBreakdown, TokenUsage } from "../types.js";
import { BATCH_DISCOUNT, type BatchProviderKind } from "./batch-limits.js";

/**
 * What one batch item costs: the interactive price of its model (same catalog or config price, same
 * source) with the provider's batch discount, shown as `cost.discount`. computeCost applies the
 * discount before rounding each token kind to the nearest nano-dollar, so a batch item costs the
 * interactive cost halved kind by kind: |2 x batch - interactive| is at most one nano-dollar per
 * token kind billed.
 */
export function batchItemCost(
  usage: TokenUsage,
  model: ResolvedModel,
  kind: BatchProviderKind,
): CostBreakdown {
  return computeCost(usage, model.price, model.priceSource, { discount: BATCH_DISCOUNT[kind] });
}
