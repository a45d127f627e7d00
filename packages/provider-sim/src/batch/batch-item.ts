import { randomId } from "../http-io.js";
import { modelAnswer } from "../model-answer.js";
import { prepareRequest } from "../prepare-request.js";
import type { PromptCache } from "../prompt-cache.js";
import { promptCacheUse } from "../prompt-cache-use.js";
import { unitFrom } from "../prng.js";
import type { Protocol, Usage } from "../protocol.js";
import type { ResolvedSimConfig } from "../sim-config.js";

/** One batch item's answer: the body an interactive call would have had, or its error. */
export type ItemOutcome =
  | { ok: true; requestId: string; body: unknown; usage: Usage }
  | { ok: false; requestId: string; status: number; body: unknown };

/**
 * Answers one batch item with the interactive machinery (same checks, same seeded answer, same
 * usage), minus the rate-limit buckets (the providers run batches in a queue of their own). The
 * prompt cache is the batch's own (`cache`): items of one batch that share a prefix read it, as
 * both providers apply prompt caching to batches on a best-effort basis, while interactive
 * traffic and other batches neither warm nor read it. `itemFailureRate` stands in
 * for the per-item server errors real batches report, drawn from the seed, batch and item: a rerun
 * fails the same items, and a retry in a new batch draws afresh.
 */
export function answerBatchItem(
  config: ResolvedSimConfig,
  protocol: Protocol,
  item: { batchId: string; customId: string; body: unknown },
  random: () => number,
  cache: PromptCache,
): ItemOutcome {
  const requestId = randomId("req_", random);
  const fail = (spec: Parameters<Protocol["error"]>[0]): ItemOutcome => {
    const reply = protocol.error(spec, requestId);
    return { ok: false, requestId, status: reply.status, body: reply.body };
  };
  const prepared = prepareRequest(config, protocol, item.body);
  if (!prepared.ok) return fail(prepared.spec);
  const { request, model } = prepared;
  if (request.stream)
    return fail({
      kind: "bad_request",
      message: "Batch requests cannot be streamed: remove `stream` from the request body.",
      param: "stream",
    });
  if (unitFrom(config.seed, "batch-item-failure", item.batchId, item.customId) < config.batch.itemFailureRate)
    return fail({ kind: "server", status: 500 });
  const cached = promptCacheUse(cache, model.id, model, request);
  cached.commit();
  const answer = modelAnswer(config.seed, model, request);
  const usage: Usage = {
    promptTokens: request.promptTokens,
    cacheReadTokens: cached.readTokens,
    cacheWrite5mTokens: cached.write5mTokens,
    cacheWrite1hTokens: cached.write1hTokens,
    outputTokens: answer.outputTokens,
    reasoningTokens: answer.reasoningTokens,
  };
  const body = protocol.responseBody({ request, answer, usage, id: protocol.newId(random) });
  return { ok: true, requestId, body, usage };
}
