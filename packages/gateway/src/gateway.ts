import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import type { BatchAdapter } from "./batch/batch-adapter.js";
import { BATCH_DISCOUNT, isBatchProviderKind } from "./batch/batch-limits.js";
import { createBatchAdapter } from "./batch/create-batch-adapter.js";
import { Budget } from "./budget/budget.js";
import { usdToNanoUsd } from "./budget/usd.js";
import { MemoryCache } from "./cache/memory-cache.js";
import { requestHash, type CacheableRequest } from "./cache/request-hash.js";
import type { ResponseCache } from "./cache/response-cache.js";
import type { CallPlan } from "./call/call-plan.js";
import { promptTokens } from "./call/prompt-tokens.js";
import { runRoute, type RouteContext } from "./call/run-route.js";
import { validateRequest } from "./call/validate-request.js";
import { worstCaseCostNanoUsd } from "./call/worst-case-cost.js";
import type { GatewayConfig } from "./config/gateway-config.js";
import { resolveApiKey } from "./config/resolve-api-key.js";
import { validateGatewayConfig } from "./config/validate-gateway-config.js";
import {
  BudgetExceededError,
  CallFailedError,
  ConfigInvalidError,
  DiscernusError,
  ReplayMissError,
} from "./errors.js";
import { EventBus, type GatewayListener } from "./event-bus.js";
import { createAdapter } from "./providers/create-adapter.js";
import type { ProviderAdapter } from "./providers/provider-adapter.js";
import type { CallRecorder, RecordedRequest } from "./record/call-recorder.js";
import { ModelRegistry, type ResolvedModel } from "./registry/model-registry.js";
import type { Clock } from "./schedule/clock.js";
import { RateLimiter } from "./schedule/rate-limiter.js";
import { RetryPolicy } from "./schedule/retry-policy.js";
import { systemClock } from "./schedule/system-clock.js";
import type { AttemptRecord, GatewayRequest, GatewayResponse } from "./types.js";

export interface GatewayOptions {
  /** The gateway configuration; validated here, errors name the field and the fix. */
  config: GatewayConfig | unknown;
  /** Named in config errors, e.g. the path of discernus.config.json. */
  configSource?: string;
  /** Where API keys are read from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Default: an in-memory cache. `false` turns caching off. */
  cache?: ResponseCache | false;
  clock?: Clock;
  /** Jitter source; inject for deterministic tests. */
  random?: () => number;
  /** Replaces the adapter of a configured provider (custom providers, tests). */
  adapters?: Record<string, ProviderAdapter>;
  /** Told every outcome (the provenance ledger); awaited before `complete()` returns or throws. */
  recorder?: CallRecorder;
  /**
   * `"replay"` answers only from the cache and never calls a provider: a miss throws
   * ReplayMissError. No API key is needed. Default `"live"`.
   */
  mode?: "live" | "replay";
  /**
   * Replay mode only: the recorded ledger a reproduction re-executes against. A request `cache`
   * cannot answer is answered from it as its provider answered it then (its usage, cost and
   * latency), and recorded as a call with `replayOf`, so the notebook sees what it saw when it ran.
   */
  replaySource?: ResponseCache;
}

export interface CallEstimate {
  model: string;
  inputTokens: number;
  maxTokens: number;
  worstCaseNanoUsd: number;
}

/**
 * One client for every model. `complete()` validates, prices and checks a request before spending
 * anything, serves repeats from the cache, then schedules it within rate limits and the budget,
 * retrying and falling back along the model's route. Every step is an event.
 */
export class Gateway {
  readonly config: GatewayConfig;
  readonly registry: ModelRegistry;
  readonly budget: Budget;
  readonly limiter: RateLimiter;
  readonly #events = new EventBus();
  readonly #cache: ResponseCache | undefined;
  readonly #replaySource: ResponseCache | undefined;
  readonly #recorder: CallRecorder | undefined;
  readonly mode: "live" | "replay";
  readonly #clock: Clock;
  readonly #env: Record<string, string | undefined>;
  readonly #adapters = new Map<string, ProviderAdapter>();
  readonly #batchAdapters = new Map<string, BatchAdapter>();
  readonly #limitsPrepared = new Set<string>();
  readonly #route: RouteContext;
  #inFlight = 0;

  constructor(options: GatewayOptions) {
    this.config = validateGatewayConfig(options.config, options.configSource);
    this.registry = new ModelRegistry(this.config);
    this.#clock = options.clock ?? systemClock;
    this.#env = options.env ?? process.env;
    this.#cache = options.cache === false ? undefined : (options.cache ?? new MemoryCache());
    this.#recorder = options.recorder;
    this.mode = options.mode ?? "live";
    this.#replaySource = options.replaySource;
    if (this.#replaySource && this.mode !== "replay")
      throw new ConfigInvalidError(
        "replaySource",
        'answers a reproduction from a recorded ledger and never calls a provider: use it with mode "replay".',
      );
    if (this.mode === "replay" && !this.#cache) {
      throw new ConfigInvalidError(
        "mode",
        'replay answers from the cache, but the cache is off (cache: false). Pass the ledger as the cache, or use mode "live".',
      );
    }
    this.budget = new Budget(this.config.budget ? usdToNanoUsd(this.config.budget.capUsd) : null);
    this.limiter = new RateLimiter(this.#clock);
    for (const [name, adapter] of Object.entries(options.adapters ?? {})) this.#adapters.set(name, adapter);
    // One pool per model, so a model waiting on its rate limit never holds back another's calls.
    const slots = new Map<string, ReturnType<typeof pLimit>>();
    const slotFor = (modelId: string) => {
      let pool = slots.get(modelId);
      if (!pool) slots.set(modelId, (pool = pLimit(this.config.concurrency ?? 16)));
      return pool;
    };
    this.#route = {
      clock: this.#clock,
      random: options.random ?? Math.random,
      events: this.#events,
      budget: this.budget,
      limiter: this.limiter,
      retry: new RetryPolicy(this.config.retry ?? {}),
      adapterFor: (provider) => this.#adapterFor(provider),
      inSlot: (modelId, fn) => slotFor(modelId)(fn),
      timeoutMs: (provider) => this.config.providers[provider]?.timeoutMs ?? 60_000,
      prepareLimits: (model) => this.#prepareLimits(model),
    };
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  on(listener: GatewayListener): () => void {
    return this.#events.on(listener);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves a model name or alias (throws UnknownModelError / UnpricedModelError). */
  resolve(model: string): ResolvedModel {
    return this.registry.resolve(model);
  }

  /** Tokens and worst-case cost of a request, without sending it or touching the budget. */
  estimate(request: GatewayRequest): CallEstimate {
    validateRequest(request);
    const model = this.registry.resolve(request.model);
    const maxTokens = request.maxTokens ?? this.config.defaultMaxTokens ?? 1024;
    const inputTokens = promptTokens(request, model.providerKind);
    return {
      model: model.id,
      inputTokens,
      maxTokens,
      worstCaseNanoUsd: worstCaseCostNanoUsd(inputTokens, maxTokens, model.price, model.priceSource),
    };
  }

  /**
   * What a request could cost at most as a batch item: its worst case at the batch discount of its
   * model's provider (the interactive worst case for a provider without a Batch API).
   */
  batchWorstCase(request: GatewayRequest): number {
    const estimate = this.estimate(request);
    const kind = this.registry.resolve(request.model).providerKind;
    const discount = isBatchProviderKind(kind) ? BATCH_DISCOUNT[kind] : 1;
    return Math.ceil(estimate.worstCaseNanoUsd * discount);
  }

  /**
   * The Batch API client of a configured provider, with its interactive adapter's key and base
   * URL. Throws ConfigInvalidError in replay mode (a batch reaches a provider) and for a provider
   * without a Batch API, MissingApiKeyError without its key.
   */
  batchAdapter(provider: string): BatchAdapter {
    if (this.mode === "replay")
      throw new ConfigInvalidError(
        "mode",
        "replay answers only from the ledger and never contacts a provider, so it cannot submit or collect batches. Open the session live to collect them.",
      );
    let adapter = this.#batchAdapters.get(provider);
    if (!adapter) {
      const config = this.config.providers[provider];
      if (!config)
        throw new ConfigInvalidError(
          `providers.${provider}`,
          `is not configured; add it to discernus.config.json to reach its batches.`,
        );
      adapter = createBatchAdapter(provider, config, this.#env);
      this.#batchAdapters.set(provider, adapter);
    }
    return adapter;
  }

  /**
   * The request hash `complete()` would look the request up by (cache, ledger, replay), after every
   * check `complete()` makes before spending (request, model, price, the key of every model on the
   * route in live mode), without sending anything: a study is checked whole before its first call.
   */
  requestKey(request: GatewayRequest): string {
    validateRequest(request);
    const route = this.#checkedRoute(request);
    return requestHash(this.#cacheable(request, route[0]!));
  }

  async complete(request: GatewayRequest): Promise<GatewayResponse> {
    const plan = this.#plan(request);
    const events = this.#events;
    const recorded: RecordedRequest = {
      ...plan.cacheable,
      requestedModel: request.model,
      stream: request.stream ?? false,
    };
    const tags = request.tags ? { tags: request.tags } : {};
    this.#inFlight++;
    try {
      // Replay ignores `fresh`: it never calls a provider.
      if (this.#cache && (!request.fresh || this.mode === "replay")) {
        const hit = await this.#cache.get(plan.cacheKey);
        if (hit) {
          const response: GatewayResponse = {
            ...hit,
            callId: plan.callId,
            requestedModel: request.model,
            cached: true,
            latencyMs: this.#clock.now() - plan.startedAt,
            attempts: [],
            cost: { ...hit.cost, totalNanoUsd: 0, byKind: zeroByKind() },
          };
          await this.#recorder?.record({
            kind: "cache_hit",
            request: recorded,
            ...tags,
            response,
            originalCallId: hit.callId,
          });
          events.emit({
            type: "cache_hit",
            at: this.#clock.now(),
            callId: plan.callId,
            cacheKey: plan.cacheKey,
            response,
          });
          return response;
        }
      }
      if (this.mode === "replay") {
        const replayed = await this.#replaySource?.get(plan.cacheKey);
        if (!replayed) throw new ReplayMissError(plan.cacheable.model, plan.cacheKey);
        const response: GatewayResponse = {
          ...replayed,
          callId: plan.callId,
          requestedModel: request.model,
          cached: false,
          replayOf: replayed.callId,
        };
        if (this.#cache) await this.#cache.set(plan.cacheKey, response);
        await this.#recorder?.record({ kind: "call", request: recorded, ...tags, response });
        events.emit({ type: "done", at: this.#clock.now(), callId: plan.callId, response });
        return response;
      }
      events.emit({
        type: "queued",
        at: plan.startedAt,
        callId: plan.callId,
        model: plan.route[0]?.id ?? request.model,
        estimatedTokens: plan.estimatedInputTokens + plan.maxTokens,
        ...tags,
      });
      const response = await runRoute(this.#route, plan);
      if (this.#cache) await this.#cache.set(plan.cacheKey, response);
      await this.#recorder?.record({ kind: "call", request: recorded, ...tags, response });
      events.emit({ type: "done", at: this.#clock.now(), callId: plan.callId, response });
      return response;
    } catch (err) {
      const recordFailed = (
        failure: { code: string; message: string },
        attempts: AttemptRecord[],
        route: string[],
      ) =>
        this.#recorder?.record({
          kind: "failed",
          request: recorded,
          ...tags,
          callId: plan.callId,
          cacheKey: plan.cacheKey,
          code: failure.code,
          message: failure.message,
          attempts,
          route,
          startedAt: plan.startedAt,
          latencyMs: this.#clock.now() - plan.startedAt,
        });
      if (err instanceof CallFailedError) {
        await recordFailed(
          { code: err.lastError.code, message: err.message },
          [...err.attempts],
          [...new Set(err.attempts.map((a) => a.model))],
        );
      } else if (err instanceof ReplayMissError && this.#replaySource) {
        // A reproduction's ledger says which requests the recorded one could not answer.
        await recordFailed({ code: err.code, message: err.message }, [], [plan.cacheable.model]);
      } else if (err instanceof BudgetExceededError) {
        await this.#recorder?.record({
          kind: "budget_refused",
          callId: plan.callId,
          model: plan.cacheable.model,
          amountNanoUsd: err.requestedNanoUsd,
          spentNanoUsd: err.spentNanoUsd,
          reservedNanoUsd: err.reservedNanoUsd,
          capNanoUsd: err.capNanoUsd,
          ...tags,
        });
      }
      if (err instanceof DiscernusError) {
        events.emit({
          type: "failed",
          at: this.#clock.now(),
          callId: plan.callId,
          model: request.model,
          code: err.code,
          message: err.message,
          attempts: err instanceof CallFailedError ? [...err.attempts] : [],
          costNanoUsd: 0,
        });
      }
      throw err;
    } finally {
      this.#inFlight--;
    }
  }

  /** Validates and resolves everything that can fail before money is at stake. */
  #plan(request: GatewayRequest): CallPlan {
    validateRequest(request);
    const route = this.#checkedRoute(request);
    const primary = route[0]!;
    const cacheable = this.#cacheable(request, primary);
    const maxTokens = cacheable.maxTokens;
    const cacheKey = requestHash(cacheable);
    const estimatedInputTokens = promptTokens(request, primary.providerKind);
    return {
      callId: randomUUID(),
      request,
      route,
      maxTokens,
      estimatedInputTokens,
      cacheable,
      cacheKey,
      startedAt: this.#clock.now(),
    };
  }

  /** The requested model and its fallbacks, resolved, with every key the route needs present. */
  #checkedRoute(request: GatewayRequest): ResolvedModel[] {
    const primary = this.registry.resolve(request.model);
    const chain = request.fallbacks ?? primary.fallbacks;
    const route = [
      primary,
      ...chain.map((name) => this.registry.resolve(name)).filter((m) => m.id !== primary.id),
    ];
    for (const model of route) {
      const provider = this.config.providers[model.provider];
      // Replay never reaches a provider, so a colleague re-running a shared notebook needs no key.
      if (provider && !this.#adapters.has(model.provider) && this.mode === "live")
        resolveApiKey(model.provider, provider, this.#env);
    }
    return route;
  }

  /** Everything that can change the answer: what the cache key is the hash of. */
  #cacheable(request: GatewayRequest, primary: ResolvedModel): CacheableRequest {
    return {
      model: primary.id,
      messages: request.messages,
      maxTokens: request.maxTokens ?? this.config.defaultMaxTokens ?? 1024,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined ? { topP: request.topP } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
    };
  }

  #adapterFor(provider: string): ProviderAdapter {
    let adapter = this.#adapters.get(provider);
    if (!adapter) {
      const config = this.config.providers[provider];
      if (!config) throw new Error(`internal: provider ${provider} resolved but not configured`);
      adapter = createAdapter(
        provider,
        config,
        this.#env,
        (model) => this.registry.resolve(`${provider}/${model}`).contextWindow,
      );
      this.#adapters.set(provider, adapter);
    }
    return adapter;
  }

  #prepareLimits(model: ResolvedModel): void {
    if (this.#limitsPrepared.has(model.id)) return;
    this.#limitsPrepared.add(model.id);
    const limits = this.config.providers[model.provider]?.limits;
    this.limiter.configure(model.id, limits?.[model.providerModelId] ?? limits?.["*"]);
  }
}

function zeroByKind(): GatewayResponse["cost"]["byKind"] {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}
