import type { ProviderKind } from "../config/gateway-config.js";
import { estimateTokens } from "../pricing/token-estimator.js";
import type { GatewayRequest } from "../types.js";

/** The request's prompt tokens as a provider of this kind would count them (estimated). */
export function promptTokens(request: GatewayRequest, providerKind: ProviderKind): number {
  return estimateTokens(request.messages, {
    provider: providerKind,
    ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
  });
}
