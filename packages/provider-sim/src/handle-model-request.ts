import type { IncomingMessage, ServerResponse } from "node:http";
import { applyFault } from "./apply-fault.js";
import type { AnthropicBatches } from "./batch/anthropic-batches.js";
import type { OpenAIBatches } from "./batch/openai-batches.js";
import type { OpenAIFileStore } from "./batch/openai-files.js";
import type { ErrorSpec } from "./error-spec.js";
import type { FaultPlan } from "./fault-plan.js";
import { pause, randomId, readBody, sendJson, sendText } from "./http-io.js";
import { planTiming } from "./latency-model.js";
import { modelAnswer } from "./model-answer.js";
import { prepareRequest } from "./prepare-request.js";
import type { LimitBucketStore, LimitBuckets, LimitDimension } from "./limit-buckets.js";
import type { PromptCache } from "./prompt-cache.js";
import { promptCacheUse, type CacheUse } from "./prompt-cache-use.js";
import type { ParsedRequest, Protocol, Reply, Usage } from "./protocol.js";
import type { ResolvedSimConfig } from "./sim-config.js";
import type { SimLogEntry, SimStatsRecorder } from "./sim-stats.js";

export interface SimState {
  config: ResolvedSimConfig;
  faults: FaultPlan;
  cache: PromptCache;
  stats: SimStatsRecorder;
  buckets: LimitBucketStore;
  /** Ids; seeded, so a run's ids repeat with its seed. */
  random: () => number;
  /** Stalled responses, ended by close(). */
  stalled: Set<ServerResponse>;
  /** OpenAI's Files API and Batch API, and Anthropic's Message Batches: in memory, per server. */
  files: OpenAIFileStore;
  openaiBatches: OpenAIBatches;
  anthropicBatches: AnthropicBatches;
}

/**
 * What admission charges, as each provider documents: OpenAI counts prompt + max_tokens toward
 * TPM; Anthropic counts uncached input (cache writes included, reads not) toward ITPM and
 * max_tokens toward OTPM, corrected to the real output when the answer is done.
 */
function charges(protocol: Protocol, request: ParsedRequest, cache: CacheUse): [LimitDimension, number][] {
  if (protocol.provider === "openai")
    return [
      ["requests", 1],
      ["tokens", request.promptTokens + (request.maxTokensGiven ?? 0)],
    ];
  return [
    ["requests", 1],
    ["input_tokens", request.promptTokens - cache.readTokens],
    ["output_tokens", request.maxTokens],
  ];
}

/** Admits the request or names the limit it meets (and how long until it would pass). */
function admit(buckets: LimitBuckets, due: [LimitDimension, number][], now: number) {
  for (const [dimension, amount] of due) {
    const bucket = buckets[dimension];
    const waitMs = bucket?.msUntil(amount, now) ?? 0;
    if (bucket && waitMs > 0) return { dimension, amount, bucket, waitMs };
  }
  for (const [dimension, amount] of due) buckets[dimension]?.take(amount, now);
  return undefined;
}

/** One request to a model endpoint, from auth to answer, in the order the real services check. */
export async function handleModelRequest(
  state: SimState,
  protocol: Protocol,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const entry: SimLogEntry = {
    at: Date.now(),
    provider: protocol.provider,
    path: req.url ?? "",
    model: "",
    status: 0,
    stream: false,
  };
  const record = (status: number, fault?: SimLogEntry["fault"]) =>
    state.stats.record({ ...entry, status, ...(fault ? { fault } : {}) });
  const requestId = randomId("req_", state.random);
  let limitHeaders = (): Record<string, string> => ({});
  const headers = () => ({ ...protocol.requestIdHeader(requestId), ...limitHeaders() });
  const send = (spec: ErrorSpec, extra: Record<string, string> = {}) => {
    const reply = protocol.error(spec, requestId);
    const all = { ...headers(), ...extra };
    if (typeof reply.body === "string")
      sendText(res, reply.status, reply.body, reply.contentType ?? "text/plain", all);
    else sendJson(res, reply.status, reply.body, all);
    return reply.status;
  };
  const fail = (spec: ErrorSpec, extra?: Record<string, string>) => record(send(spec, extra));

  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
    const named = (body as { model?: unknown })?.model;
    if (typeof named === "string") entry.model = named;
  } catch {
    body = undefined;
  }
  const key = protocol.apiKey(req);
  if (!key || (state.config.apiKeys && !state.config.apiKeys.has(key))) return fail({ kind: "auth", key });
  if (body === undefined)
    return fail({ kind: "bad_request", message: "We could not parse the JSON body of your request." });
  const prepared = prepareRequest(state.config, protocol, body);
  if (prepared.request) entry.stream = prepared.request.stream;
  // Once the model is known, every answer (refusals included) carries its rate-limit headers.
  if (prepared.model) {
    const known = state.buckets.get(key, prepared.model.id, prepared.model.limits, Date.now());
    limitHeaders = () => protocol.rateLimitHeaders(known, Date.now());
  }
  if (!prepared.ok) return fail(prepared.spec);
  const { request, model } = prepared;
  const buckets = state.buckets.get(key, model.id, model.limits, Date.now());

  const fault = state.faults.next(model.id);
  if (fault && !(fault === "midstream_cut" && request.stream)) {
    const status = applyFault(fault, {
      protocol,
      request,
      res,
      buckets,
      headers,
      fail: send,
      faultRetryAfterMs: state.config.faultRetryAfterMs,
      stallMs: state.config.stallMs,
      stalled: state.stalled,
    });
    return record(status, fault);
  }

  const now = Date.now();
  const cache = promptCacheUse(state.cache, `${key}\u0000${model.id}`, model, request);
  const refused = admit(buckets, charges(protocol, request, cache), now);
  if (refused) {
    const { dimension, amount, bucket, waitMs } = refused;
    const tooLarge = waitMs === Infinity;
    return fail(
      {
        kind: "rate_limit",
        model: model.id,
        dimension,
        limit: bucket.limit,
        used: bucket.used(now),
        requested: amount,
        retryAfterMs: tooLarge ? 0 : waitMs,
        tooLarge,
      },
      tooLarge ? {} : protocol.retryAfterHeaders(waitMs),
    );
  }
  cache.commit();

  const answer = modelAnswer(state.config.seed, model, request);
  const usage: Usage = {
    promptTokens: request.promptTokens,
    cacheReadTokens: cache.readTokens,
    cacheWrite5mTokens: cache.write5mTokens,
    cacheWrite1hTokens: cache.write1hTokens,
    outputTokens: answer.outputTokens,
    reasoningTokens: answer.reasoningTokens,
  };
  const timing = planTiming(
    model.latency,
    state.config.timeScale,
    answer.outputTokens,
    answer.reasoningTokens,
  );
  const id = protocol.newId(state.random);
  const correctOutputCharge = () =>
    buckets.output_tokens?.give(request.maxTokens - answer.outputTokens, Date.now());
  // Headers are written when the response starts (at the first token for a stream, after the
  // whole answer otherwise), so they report the limits as they stand then, as the services do.
  const reply = (): Reply => ({ res, request, answer, usage, headers: headers(), id });
  await pause(timing.firstTokenMs, res);
  if (request.stream) {
    if (!res.destroyed) await protocol.writeStream(reply(), { ...timing, cut: fault === "midstream_cut" });
    correctOutputCharge();
  } else {
    await pause(timing.generationMs, res);
    correctOutputCharge();
    if (!res.destroyed) protocol.writeJson(reply());
  }
  record(res.headersSent ? 200 : 0, fault);
}
