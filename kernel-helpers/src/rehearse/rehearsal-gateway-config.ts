import type { GatewayConfig } from "@discernus/gateway";
import { isPaidKind } from "./rehearsal-sim-models.js";

/** The environment variable the rehearsal's fake key is kept in (an env map of its own). */
export const REHEARSAL_KEY_ENV = "DISCERNUS_REHEARSAL_KEY";
export const REHEARSAL_ENV: Readonly<Record<string, string>> = Object.freeze({
  [REHEARSAL_KEY_ENV]: "sk-rehearsal-not-a-key",
});

/**
 * The user's config with every paid provider pointed at provider-sim, a fake key and
 * `simulated: true` (local ones too), and no budget (nothing is spent). Models, aliases, prices, limits and
 * concurrency stay the user's, so the rehearsal prices and schedules as the real run would.
 */
export function rehearsalGatewayConfig(
  config: GatewayConfig,
  sim: { openaiBaseUrl: string; anthropicBaseUrl: string },
): GatewayConfig {
  const providers: GatewayConfig["providers"] = {};
  for (const [name, provider] of Object.entries(config.providers)) {
    providers[name] = isPaidKind(provider.kind)
      ? {
          ...provider,
          baseUrl: provider.kind === "anthropic" ? sim.anthropicBaseUrl : sim.openaiBaseUrl,
          apiKeyEnv: REHEARSAL_KEY_ENV,
          simulated: true,
        }
      : // Local instruments run as they are; marked so every record of a rehearsal says it is one.
        { ...provider, simulated: true };
  }
  const { budget: _budget, ...rest } = config;
  return { ...rest, providers };
}
