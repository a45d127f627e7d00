import { formatUsd, type Gateway } from "@discernus/gateway";
import type { DriftEstimate, DriftModelEstimate } from "./drift.js";
import type { PlannedAsk } from "./planned-ask.js";

/**
 * What asking the sample again costs, per model: the worst case the budget reserves (each prompt
 * plus its maxTokens at list price, from the gateway), and as expected what the same calls cost
 * when they were recorded.
 */
export function driftEstimate(
  gateway: Gateway,
  of: string,
  items: number,
  asks: readonly PlannedAsk[],
): DriftEstimate {
  const byModel = new Map<string, DriftModelEstimate>();
  for (const ask of asks) {
    let m = byModel.get(ask.model);
    if (!m)
      byModel.set(
        ask.model,
        (m = { model: ask.model, calls: 0, inputTokens: 0, worstCaseNanoUsd: 0, expectedNanoUsd: 0 }),
      );
    const estimate = gateway.estimate(ask.request);
    const cost = ask.unit.record.cost;
    m.calls++;
    m.inputTokens += estimate.inputTokens;
    m.worstCaseNanoUsd += estimate.worstCaseNanoUsd;
    // A batch item was billed at the batch discount; asked again live, it costs the full price.
    m.expectedNanoUsd += Math.round(cost.totalNanoUsd / (cost.discount ?? 1));
  }
  const models = [...byModel.values()];
  const worstCaseNanoUsd = models.reduce((s, m) => s + m.worstCaseNanoUsd, 0);
  const expectedNanoUsd = models.reduce((s, m) => s + m.expectedNanoUsd, 0);
  return {
    of,
    items,
    calls: asks.length,
    models,
    worstCaseNanoUsd,
    expectedNanoUsd,
    worstCase: formatUsd(worstCaseNanoUsd),
    expected: formatUsd(expectedNanoUsd),
  };
}
