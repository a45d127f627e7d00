const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): boolean => typeof v === "string" && v !== "";

const USAGE_KINDS = [
  "inputTokens",
  "cachedInputTokens",
  "cacheWriteTokens",
  "outputTokens",
  "reasoningTokens",
];

function checkCall(r: Record<string, unknown>): string | undefined {
  if (!isText(r.call)) return "has no call id";
  if (r.outcome !== "ok" && r.outcome !== "failed")
    return `has outcome ${JSON.stringify(r.outcome)}, not "ok" or "failed"`;
  if (typeof r.cacheKey !== "string" || !/^[0-9a-f]{64}$/.test(r.cacheKey)) return "has no sha256 cacheKey";
  if (r.store !== "full" && r.store !== "hash")
    return `has store ${JSON.stringify(r.store)}, not "full" or "hash"`;
  if (!isObject(r.request) || !Array.isArray(r.request.messages)) return "has no request messages";
  if (r.outcome === "ok" && !isObject(r.response)) return "is an answered call without a response";
  if (r.outcome === "failed" && !isObject(r.error)) return "is a failed call without its error";
  if (!isObject(r.usage) || !USAGE_KINDS.every((k) => isCount((r.usage as Record<string, unknown>)[k])))
    return "has usage without whole token counts for every kind";
  const cost = r.cost;
  if (!isObject(cost) || !isCount(cost.totalNanoUsd) || !isObject(cost.byKind) || !isObject(cost.source))
    return "has no cost (totalNanoUsd, byKind, source)";
  const byKind = cost.byKind;
  if (!USAGE_KINDS.every((k) => isCount(byKind[k]))) return "has a cost without every token kind";
  const sum = USAGE_KINDS.reduce((s, k) => s + (byKind[k] as number), 0);
  if (sum !== cost.totalNanoUsd)
    return `has cost.totalNanoUsd ${String(cost.totalNanoUsd)} but its kinds sum to ${sum}`;
  if (!Array.isArray(r.attempts) || !Array.isArray(r.route) || r.route.length === 0)
    return "has no attempts or route";
  if (!isObject(r.timing) || typeof r.timing.latencyMs !== "number") return "has no timing";
  if (r.batch !== undefined) {
    if (!isObject(r.batch) || !isText(r.batch.id) || !isCount(r.batch.submittedSeq))
      return "has a batch field without its batch id and submittedSeq";
    if ((r.batch.submittedSeq as number) >= (r.seq as number))
      return "is a batch item whose submitted record comes after it";
  }
  if (r.replayOf !== undefined && !isText(r.replayOf)) return "has a replayOf that is not a call id";
  return undefined;
}

const BATCH_STATES = ["validating", "in_progress", "finalizing", "ended", "expired", "cancelled", "failed"];

function checkBatch(r: Record<string, unknown>): string | undefined {
  if (r.action !== "submitted" && r.action !== "polled" && r.action !== "collected")
    return `is a batch record with action ${JSON.stringify(r.action)}, not "submitted", "polled" or "collected"`;
  if (!isText(r.batch) || !isText(r.provider)) return "is a batch record without batch id or provider";
  if (r.action === "submitted") {
    if (r.providerKind !== "openai" && r.providerKind !== "anthropic")
      return `is a submitted batch with providerKind ${JSON.stringify(r.providerKind)}`;
    if (!Array.isArray(r.items) || r.items.length === 0) return "is a submitted batch without items";
    for (const [i, item] of r.items.entries()) {
      if (!isObject(item) || typeof item.customId !== "string" || !/^[0-9a-f]{64}$/.test(item.customId))
        return `is a submitted batch whose items[${i}] has no sha256 customId`;
      if (!isObject(item.request) || !Array.isArray(item.request.messages))
        return `is a submitted batch whose items[${i}] has no request messages`;
    }
    if (!isCount(r.worstCaseNanoUsd)) return "is a submitted batch without worstCaseNanoUsd";
    return undefined;
  }
  if (!BATCH_STATES.includes(r.state as string))
    return `is a ${r.action} batch record with state ${JSON.stringify(r.state)}`;
  if (r.action === "collected" && !(isCount(r.answered) && isCount(r.failed) && isCount(r.costNanoUsd)))
    return "is a collected batch record without answered, failed and costNanoUsd";
  return undefined;
}

/**
 * The schema of each v1 record type, past what every record has (seq, ts, type, prev). Returns
 * what is wrong, or undefined. Unknown types pass: a later minor version may add some.
 */
export function checkRecord(r: Record<string, unknown>): string | undefined {
  switch (r.type) {
    case "call":
      return checkCall(r);
    case "cache_hit":
      if (!isText(r.call) || typeof r.cacheKey !== "string") return "is a cache_hit without call or cacheKey";
      if (!isObject(r.original) || !isCount(r.original.seq))
        return "is a cache_hit that points at no original record";
      if ((r.original.seq as number) >= (r.seq as number))
        return "is a cache_hit whose original comes after it";
      return undefined;
    case "budget":
      if (r.action !== "cap" && r.action !== "refused")
        return `is a budget record with action ${JSON.stringify(r.action)}`;
      if (!isCount(r.spentNanoUsd)) return "is a budget record without spentNanoUsd";
      return undefined;
    case "batch":
      return checkBatch(r);
    case "run":
      if (!isText(r.run) || (r.phase !== "start" && r.phase !== "end"))
        return "is a run record without run id or phase";
      if (r.kind !== undefined && r.kind !== "analyze" && r.kind !== "drift")
        return `is a run record with kind ${JSON.stringify(r.kind)}, not "analyze" or "drift"`;
      if (r.kind === "drift" && !isText(r.of))
        return "is a drift run record that names no run it checked (of)";
      if (r.of !== undefined && !isText(r.of)) return "is a run record whose of is not a run id";
      return undefined;
    default:
      return undefined;
  }
}
