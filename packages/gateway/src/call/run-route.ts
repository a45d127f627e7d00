import type { Budget } from "../budget/budget.js";
import {
  AbortedError,
  CallFailedError,
  ContextWindowExceededError,
  DiscernusError,
  ProviderError,
} from "../errors.js";
import type { EventBus } from "../event-bus.js";
import { computeCost } from "../pricing/compute-cost.js";
import { promptTokens } from "./prompt-tokens.js";
import type { ProviderAdapter } from "../providers/provider-adapter.js";
import type { ResolvedModel } from "../registry/model-registry.js";
import type { Clock } from "../schedule/clock.js";
import type { Admission, Demand, RateLimiter } from "../schedule/rate-limiter.js";
import type { RetryPolicy } from "../schedule/retry-policy.js";
import type { AttemptRecord, GatewayResponse, RateLimitSnapshot, TokenUsage } from "../types.js";
import type { CallPlan } from "./call-plan.js";
import { worstCaseCostNanoUsd } from "./worst-case-cost.js";

/** What the route runner needs from the gateway: its parts, passed in so each stays testable alone. */
export interface RouteContext {
  clock: Clock;
  random: () => number;
  events: EventBus;
  budget: Budget;
  limiter: RateLimiter;
  retry: RetryPolicy;
  adapterFor(provider: string): ProviderAdapter;
  /** Runs admission and the request under the model's concurrency limit. */
  inSlot<T>(modelId: string, fn: () => Promise<T>): Promise<T>;
  timeoutMs(provider: string): number;
  /** Registers the model's configured limits with the limiter on first use. */
  prepareLimits(model: ResolvedModel): void;
}

/** Errors after which the next model of the route is tried; others (auth, bad request, budget) end the call. */
const FALLBACK_CODES = new Set([
  "rate_limited",
  "provider_overloaded",
  "provider_server_error",
  "provider_timeout",
  "provider_connection",
  "malformed_response",
  "context_window_exceeded",
]);

function asDiscernusError(err: unknown, provider: string): DiscernusError {
  if (err instanceof DiscernusError) return err;
  return new ProviderError("provider_connection", provider, `Unexpected failure: ${String(err)}`, {
    retryable: true,
    cause: err,
  });
}

/**
 * Runs one call along its route: each model gets its own retries, then the next model is tried.
 * The route only moves forward, so a fallback never restarts the retry cycle of a model already
 * tried, and the attempts are bounded by (maxRetries + 1) x route length.
 */
export async function runRoute(ctx: RouteContext, plan: CallPlan): Promise<GatewayResponse> {
  const { request, callId, maxTokens } = plan;
  const attempts: AttemptRecord[] = [];
  const routeTaken: string[] = [];
  let lastError: DiscernusError | undefined;

  for (const model of plan.route) {
    if (lastError) {
      ctx.events.emit({
        type: "fallback",
        at: ctx.clock.now(),
        callId,
        from: routeTaken.at(-1) ?? "",
        to: model.id,
        code: lastError.code,
      });
    }
    routeTaken.push(model.id);
    // The plan already counted the prompt for the first model's kind; fallbacks of another kind recount.
    const inputTokens =
      model.providerKind === plan.route[0]?.providerKind
        ? plan.estimatedInputTokens
        : promptTokens(request, model.providerKind);
    if (model.contextWindow !== undefined && inputTokens + maxTokens > model.contextWindow) {
      lastError = new ContextWindowExceededError(model.id, inputTokens + maxTokens, model.contextWindow);
      attempts.push({
        attempt: attempts.length + 1,
        provider: model.provider,
        model: model.id,
        startedAt: ctx.clock.now(),
        latencyMs: 0,
        queuedMs: 0,
        outcome: lastError.code,
        message: lastError.message,
      });
      continue;
    }

    const worst = worstCaseCostNanoUsd(inputTokens, maxTokens, model.price, model.priceSource);
    reserveBudget(ctx, callId, worst);
    let settled = false;
    try {
      const outcome = await attemptModel(ctx, plan, model, inputTokens, attempts);
      if (outcome.ok) {
        const cost = computeCost(outcome.result.usage, model.price, model.priceSource);
        ctx.budget.settle(callId, cost.totalNanoUsd);
        settled = true;
        emitBudget(ctx, callId, "settle", cost.totalNanoUsd);
        const response: GatewayResponse = {
          callId,
          model: model.id,
          provider: model.provider,
          requestedModel: request.model,
          text: outcome.result.text,
          finishReason: outcome.result.finishReason,
          usage: outcome.result.usage,
          cost,
          attempts,
          route: routeTaken,
          cacheKey: plan.cacheKey,
          cached: false,
          latencyMs: ctx.clock.now() - plan.startedAt,
          simulated: model.simulated,
        };
        if (outcome.result.json !== undefined) response.json = outcome.result.json;
        if (outcome.result.providerRequestId) response.providerRequestId = outcome.result.providerRequestId;
        return response;
      }
      lastError = outcome.error;
    } finally {
      if (!settled) {
        ctx.budget.release(callId);
        emitBudget(ctx, callId, "release", worst);
      }
    }
    if (!FALLBACK_CODES.has(lastError.code)) break;
  }
  throw new CallFailedError(request.model, attempts, lastError ?? new AbortedError());
}

function emitBudget(
  ctx: RouteContext,
  callId: string,
  action: "reserve" | "settle" | "release" | "refused",
  amountNanoUsd: number,
): void {
  const state = ctx.budget.state();
  ctx.events.emit({
    type: "budget",
    at: ctx.clock.now(),
    callId,
    action,
    amountNanoUsd,
    spentNanoUsd: state.spentNanoUsd,
    reservedNanoUsd: state.reservedNanoUsd,
    capNanoUsd: state.capNanoUsd,
  });
}

function reserveBudget(ctx: RouteContext, callId: string, worst: number): void {
  try {
    ctx.budget.reserve(callId, worst);
  } catch (err) {
    emitBudget(ctx, callId, "refused", worst);
    throw err;
  }
  emitBudget(ctx, callId, "reserve", worst);
}

/**
 * What the provider's limiter charged for a completed call. OpenAI counts prompt + max_tokens
 * against TPM and keeps it; Anthropic counts uncached input against ITPM and corrects OTPM to the
 * real output at the end.
 */
function providerCharge(model: ResolvedModel, u: TokenUsage, maxTokens: number): Demand {
  const prompt = u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens;
  const output = u.outputTokens + u.reasoningTokens;
  if (model.providerKind === "anthropic") {
    return { tokens: prompt + output, inputTokens: u.inputTokens + u.cacheWriteTokens, outputTokens: output };
  }
  return { tokens: prompt + maxTokens, inputTokens: prompt, outputTokens: maxTokens };
}

function observeRateLimit(ctx: RouteContext, model: ResolvedModel, snapshot: RateLimitSnapshot): void {
  ctx.limiter.observe(model.id, snapshot);
  ctx.events.emit({
    type: "rate_limit",
    at: ctx.clock.now(),
    provider: model.provider,
    model: model.id,
    snapshot,
  });
}

type AttemptOutcome =
  { ok: true; result: Awaited<ReturnType<ProviderAdapter["send"]>> } | { ok: false; error: DiscernusError };

/** Attempts one model until success, a non-retryable error, or its retries run out. */
async function attemptModel(
  ctx: RouteContext,
  plan: CallPlan,
  model: ResolvedModel,
  inputTokens: number,
  attempts: AttemptRecord[],
): Promise<AttemptOutcome> {
  const { request, callId, maxTokens } = plan;
  const signal = request.signal;
  const adapter = ctx.adapterFor(model.provider);
  const limited = model.providerKind !== "local";
  if (limited) ctx.prepareLimits(model);
  const demand = { tokens: inputTokens + maxTokens, inputTokens, outputTokens: maxTokens };

  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new AbortedError(`The call to ${model.id}`);
    const queuedAt = ctx.clock.now();
    const attemptNo = attempts.length + 1;
    let startedAt = queuedAt;
    let admission: Admission | undefined;
    const attemptRecord = (outcome: AttemptRecord["outcome"]): AttemptRecord => ({
      attempt: attemptNo,
      provider: model.provider,
      model: model.id,
      startedAt,
      latencyMs: ctx.clock.now() - startedAt,
      queuedMs: startedAt - queuedAt,
      outcome,
    });
    try {
      // Admission happens inside the model's slot, right before sending: a call charged to the
      // bucket long before it reaches the provider lets our bucket refill where the provider's
      // (full, so clipped) could not, and the two drift apart into 429s.
      const result = await ctx.inSlot(model.id, async () => {
        admission = limited ? await ctx.limiter.admit(model.id, demand, signal) : undefined;
        if (admission && admission.waitedMs > 0) {
          ctx.events.emit({
            type: "rate_limit_wait",
            at: ctx.clock.now(),
            callId,
            model: model.id,
            waitMs: admission.waitedMs,
            reason: admission.reason ?? "limit",
          });
        }
        startedAt = ctx.clock.now();
        ctx.events.emit({ type: "sent", at: startedAt, callId, model: model.id, attempt: attemptNo });
        return adapter.send({
          model: model.providerModelId,
          messages: request.messages,
          maxTokens,
          stream: request.stream ?? false,
          timeoutMs: ctx.timeoutMs(model.provider),
          signal: signal ?? new AbortController().signal,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.topP !== undefined ? { topP: request.topP } : {}),
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
          ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
          ...(request.cacheSystemPrompt ? { cacheSystemPrompt: true } : {}),
        });
      });
      if (admission) {
        if (result.rateLimit) observeRateLimit(ctx, model, result.rateLimit);
        ctx.limiter.settle(admission, providerCharge(model, result.usage, maxTokens));
        ctx.limiter.release(admission);
      }
      attempts.push(attemptRecord("ok"));
      return { ok: true, result };
    } catch (raw) {
      if (admission) ctx.limiter.release(admission);
      const error = asDiscernusError(raw, model.provider);
      const record: AttemptRecord = { ...attemptRecord(error.code), message: error.message };
      if (error instanceof ProviderError) {
        if (error.status !== undefined) record.status = error.status;
        if (error.retryAfterMs !== undefined) record.retryAfterMs = error.retryAfterMs;
        if (error.rateLimit && limited) observeRateLimit(ctx, model, error.rateLimit);
        if (error.code === "rate_limited" && limited) {
          ctx.limiter.coolDown(model.id, error.retryAfterMs ?? ctx.retry.delayMs(error, retry, ctx.random));
        }
      }
      attempts.push(record);
      if (error instanceof AbortedError || signal?.aborted)
        throw error instanceof AbortedError ? error : new AbortedError(`The call to ${model.id}`);
      if (!ctx.retry.shouldRetry(error, retry)) return { ok: false, error };
      const delayMs = ctx.retry.delayMs(error, retry, ctx.random);
      ctx.events.emit({
        type: "retry",
        at: ctx.clock.now(),
        callId,
        model: model.id,
        attempt: attemptNo,
        code: error.code,
        message: error.message,
        delayMs,
      });
      await ctx.clock.sleep(delayMs, signal);
    }
  }
}
