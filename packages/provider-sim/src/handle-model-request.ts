import type { IncomingMessage, ServerResponse } from "node:http";
import { generateAnswer } from "./answer-generator.js";
import type { FaultPlan } from "./fault-plan.js";
import { pause, randomId, readBody, sendJson } from "./http-io.js";
import type { PromptCache } from "./prompt-cache.js";
import type { ErrorKind, LimitBuckets, ParsedRequest, Protocol, Usage } from "./protocol.js";
import { RateLimitBucket } from "./rate-limit-bucket.js";
import type { FaultKind, ResolvedSimConfig } from "./sim-config.js";
import type { SimStatsRecorder } from "./sim-stats.js";

export interface SimState {
  config: ResolvedSimConfig;
  faults: FaultPlan;
  cache: PromptCache;
  stats: SimStatsRecorder;
  buckets: Map<string, LimitBuckets>;
  random: () => number;
  /** Stalled responses, ended by close(). */
  stalled: Set<ServerResponse>;
}

function bucketsFor(state: SimState, key: string, model: string, now: number): LimitBuckets {
  const scope = `${key}\u0000${model}`;
  let b = state.buckets.get(scope);
  if (!b) {
    const limits = state.config.models.get(model)?.limits ?? {};
    b = {};
    if (limits.rpm) b.requests = new RateLimitBucket(limits.rpm, now);
    if (limits.tpm) b.tokens = new RateLimitBucket(limits.tpm, now);
    if (limits.itpm) b.inputTokens = new RateLimitBucket(limits.itpm, now);
    if (limits.otpm) b.outputTokens = new RateLimitBucket(limits.otpm, now);
    state.buckets.set(scope, b);
  }
  return b;
}

/** One request to a model endpoint, from auth to answer, in the order the real services check. */
export async function handleModelRequest(
  state: SimState,
  protocol: Protocol,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomId(protocol.provider === "openai" ? "req_" : "req_", state.random);
  const log = {
    at: Date.now(),
    provider: protocol.provider,
    path: req.url ?? "",
    model: "",
    stream: false,
  } as const;
  const finish = (status: number, fault?: FaultKind) =>
    state.stats.record({
      ...log,
      status,
      ...(fault ? { fault } : {}),
      model: parsedModel,
      stream: parsedStream,
    });
  let parsedModel = "";
  let parsedStream = false;
  const fail = (
    kind: ErrorKind,
    detail: Parameters<Protocol["error"]>[1],
    headers: Record<string, string> = {},
    fault?: FaultKind,
  ) => {
    const { status, body } = protocol.error(kind, detail);
    sendJson(res, status, body, { ...protocol.requestIdHeader(requestId), ...headers });
    finish(status, fault);
  };

  const key = protocol.apiKey(req);
  const bodyText = await readBody(req);
  if (!key || (state.config.apiKeys && !state.config.apiKeys.has(key)))
    return fail("auth", { ...(key ? { key } : {}) });
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return fail("bad_request", { message: "We could not parse the JSON body of your request." });
  }
  const parsed = protocol.parse(body);
  if ("error" in parsed) return fail("bad_request", { message: parsed.error });
  parsedModel = parsed.model;
  parsedStream = parsed.stream;
  const model = state.config.models.get(parsed.model);
  if (!model || model.provider !== protocol.provider) return fail("not_found", { model: parsed.model });
  if (parsed.promptTokens + parsed.maxTokens > model.contextWindow) {
    return fail("context_length", {
      promptTokens: parsed.promptTokens + parsed.maxTokens,
      contextWindow: model.contextWindow,
    });
  }

  const now = Date.now();
  const buckets = bucketsFor(state, key, parsed.model, now);
  const fault = state.faults.next(parsed.model);
  if (fault) {
    const handled = await applyFault(state, protocol, fault, parsed, res, requestId, buckets, now);
    if (handled !== undefined) return finish(handled, fault);
  }

  const scope = `${key}\u0000${parsed.model}`;
  let cachedTokens = 0;
  let cacheWriteTokens = 0;
  if (parsed.cachePrefix?.kind === "automatic")
    cachedTokens = state.cache.automatic(scope, parsed.cachePrefix.tokens);
  else if (parsed.cachePrefix?.kind === "breakpoint" && parsed.cachePrefix.tokens >= 1024) {
    if (state.cache.breakpoint(scope, parsed.cachePrefix.hash) === "read")
      cachedTokens = parsed.cachePrefix.tokens;
    else cacheWriteTokens = parsed.cachePrefix.tokens;
  }

  // Admission: every limit must have room. OpenAI charges prompt + max_tokens to TPM; Anthropic
  // charges uncached input to ITPM and max_tokens to OTPM, corrected to the real output at the end.
  const charges: [keyof LimitBuckets, number, ErrorKind][] = [
    ["requests", 1, "rate_limit_requests"],
    ["tokens", parsed.promptTokens + parsed.maxTokens, "rate_limit_tokens"],
    ["inputTokens", parsed.promptTokens - cachedTokens, "rate_limit_input"],
    ["outputTokens", parsed.maxTokens, "rate_limit_output"],
  ];
  for (const [dim, amount, kind] of charges) {
    const bucket = buckets[dim];
    const wait = bucket?.msUntil(amount, now) ?? 0;
    if (bucket && wait > 0) {
      return fail(
        kind,
        {
          model: parsed.model,
          limit: bucket.limit,
          used: bucket.limit - bucket.remaining(now),
          promptTokens: amount,
          retryAfterMs: wait,
        },
        { ...protocol.rateLimitHeaders(buckets, now), ...protocol.retryAfterHeaders(wait) },
      );
    }
  }
  for (const [dim, amount] of charges) buckets[dim]?.take(amount, now);

  const answer = generateAnswer({
    seed: state.config.seed,
    model: parsed.model,
    requestKey: parsed.requestKey,
    text: parsed.lastUserText,
    noise: model.noise,
    maxTokens: parsed.maxTokens,
    answerTokens: model.answerTokens,
    ...(parsed.schema ? { schema: parsed.schema } : {}),
  });
  // Reasoning models think first; their reasoning shares max_completion_tokens with the answer.
  let reasoningTokens = 0;
  if (model.reasoning) {
    reasoningTokens = Math.min(parsed.maxTokens - answer.outputTokens, 64 + Math.floor(state.random() * 192));
    reasoningTokens = Math.max(0, reasoningTokens);
  }
  const usage: Usage = {
    promptTokens: parsed.promptTokens,
    cachedTokens,
    cacheWriteTokens,
    outputTokens: answer.outputTokens,
    reasoningTokens,
  };
  buckets.outputTokens?.give(parsed.maxTokens - answer.outputTokens, Date.now());

  const latency = model.latency ?? state.config.latency;
  const scale = state.config.timeScale;
  const generateMs =
    latency.tokensPerSecond > 0
      ? ((answer.outputTokens + reasoningTokens) / latency.tokensPerSecond) * 1000 * scale
      : 0;
  // Headers are written when the response starts (after the first token for a stream, after the
  // whole answer otherwise), so they report the limits as they stand then, as the real services do.
  const headersNow = () => ({ ...protocol.requestIdHeader(requestId), ...protocol.rateLimitHeaders(buckets, Date.now()) });
  const id =
    protocol.provider === "openai" ? randomId("chatcmpl-", state.random) : randomId("msg_", state.random);
  await pause(latency.ttftMs * scale, res);
  if (parsed.stream) {
    const chunks = Math.max(1, Math.ceil(answer.text.split(/\s+/).length / 3));
    const plan = {
      chunkDelayMs: generateMs / chunks,
      ...(fault === "midstream_cut" ? { cutAfterChunks: Math.max(1, Math.floor(chunks / 2)) } : {}),
    };
    await protocol.writeStream(res, parsed, answer, usage, headersNow(), id, plan);
  } else {
    await pause(generateMs, res);
    if (!res.destroyed) protocol.writeJson(res, parsed, answer, usage, headersNow(), id);
  }
  finish(200, fault === "midstream_cut" ? fault : undefined);
}

/** Applies a fault; returns the status recorded, or undefined when the request goes on (a stream to be cut). */
async function applyFault(
  state: SimState,
  protocol: Protocol,
  fault: FaultKind,
  parsed: ParsedRequest,
  res: ServerResponse,
  requestId: string,
  buckets: LimitBuckets,
  now: number,
): Promise<number | undefined> {
  const error = (kind: ErrorKind, headers: Record<string, string> = {}) => {
    const { status, body } = protocol.error(kind, {
      model: parsed.model,
      limit: buckets.requests?.limit ?? 0,
      used: buckets.requests?.limit ?? 0,
      retryAfterMs: state.config.faultRetryAfterMs,
    });
    sendJson(res, status, body, { ...protocol.requestIdHeader(requestId), ...headers });
    return status;
  };
  switch (fault) {
    case "429":
      return error("rate_limit_requests", {
        ...protocol.rateLimitHeaders(buckets, now),
        ...protocol.retryAfterHeaders(state.config.faultRetryAfterMs),
      });
    case "500":
      return error("server_500");
    case "502":
      return error("server_502");
    case "503":
      return error("server_503");
    case "529":
      return error(protocol.provider === "anthropic" ? "overloaded" : "server_503");
    case "malformed": {
      const text = protocol.malformedBody(parsed.model);
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        ...protocol.requestIdHeader(requestId),
      });
      res.end(text);
      return 200;
    }
    case "timeout":
      // Recorded now; the socket stays open until the client gives up, stallMs passes, or close().
      state.stalled.add(res);
      void pause(state.config.stallMs, res).then(() => {
        state.stalled.delete(res);
        res.destroy();
      });
      return 0;
    case "midstream_cut":
      if (parsed.stream) return undefined;
      res.socket?.destroy();
      return 0;
    case "drop":
      res.socket?.destroy();
      return 0;
  }
}
