import type { Gateway, RateLimitConfig, ResolvedModel } from "@discernus/gateway";
import type { SimLatency, SimModel } from "@discernus/provider-sim";

/** The provider kinds a rehearsal points at provider-sim: every kind that could spend money. */
export function isPaidKind(kind: string): boolean {
  return kind === "openai" || kind === "anthropic" || kind === "openai-compatible";
}

/** The limits the user's config gives a model: its own entry, else the provider's `"*"`. */
export function configuredLimits(gateway: Gateway, model: ResolvedModel): RateLimitConfig | undefined {
  const limits = gateway.config.providers[model.provider]?.limits;
  return limits?.[model.providerModelId] ?? limits?.["*"];
}

/**
 * One simulated model per paid study model, answering as that provider's wire protocol does
 * (openai-compatible endpoints speak OpenAI's). No limits in the simulator: the rehearsal gateway
 * enforces the configured ones on a compressed clock, and a simulator bucket would both scale its
 * burst with the compression and teach the gateway the scaled limit through its headers.
 */
export function rehearsalSimModels(models: readonly ResolvedModel[], latency: SimLatency): SimModel[] {
  const byId = new Map<string, SimModel>();
  for (const model of models) {
    if (!isPaidKind(model.providerKind) || byId.has(model.providerModelId)) continue;
    byId.set(model.providerModelId, {
      id: model.providerModelId,
      provider: model.providerKind === "anthropic" ? "anthropic" : "openai",
      contextWindow: model.contextWindow ?? 128_000,
      latency,
    });
  }
  return [...byId.values()];
}
