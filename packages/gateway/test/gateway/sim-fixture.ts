import { startSimulator, type SimConfig, type SimServer } from "@discernus/provider-sim";
import { Gateway, type GatewayEvent, type GatewayOptions } from "@discernus/gateway";

/** A distinctive fake key: tests scan events and errors for it. */
export const TEST_KEY = "sk-test-DISCERNUS-9f8e7d6c5b4a3210";

export interface Harness {
  sim: SimServer;
  gateway: Gateway;
  events: GatewayEvent[];
  close(): Promise<void>;
}

/**
 * Starts provider-sim with the given config and a gateway whose providers point at it:
 * "openai" (OpenAI wire protocol), "anthropic", "compat" (an OpenAI-compatible endpoint with a
 * price from the config, as for Gemini or Ollama) and "local" (VADER, AFINN).
 */
export async function startHarness(
  simConfig: SimConfig,
  gatewayConfig: Record<string, unknown> = {},
  options: Partial<GatewayOptions> = {},
): Promise<Harness> {
  const sim = await startSimulator(simConfig);
  const {
    providers: extraProviders,
    retry,
    ...rest
  } = gatewayConfig as {
    providers?: Record<string, Record<string, unknown>>;
    retry?: Record<string, unknown>;
  };
  const providers: Record<string, Record<string, unknown>> = {
    openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "TEST_OPENAI_KEY", simulated: true },
    anthropic: {
      kind: "anthropic",
      baseUrl: sim.anthropicBaseUrl,
      apiKeyEnv: "TEST_ANTHROPIC_KEY",
      simulated: true,
    },
    compat: {
      kind: "openai-compatible",
      baseUrl: sim.openaiBaseUrl,
      apiKeyEnv: "TEST_OPENAI_KEY",
      simulated: true,
    },
    local: { kind: "local" },
  };
  // Settings given for a provider are merged into its defaults (e.g. a timeout).
  for (const [name, settings] of Object.entries(extraProviders ?? {}))
    providers[name] = { ...providers[name], ...settings };
  const config = {
    providers,
    // Fast retries keep fault tests quick; Retry-After from the simulator still rules where sent.
    retry: { baseDelayMs: 5, maxDelayMs: 2_000, ...retry },
    ...rest,
  };
  const gateway = new Gateway({
    config,
    env: { TEST_OPENAI_KEY: TEST_KEY, TEST_ANTHROPIC_KEY: TEST_KEY },
    ...options,
  });
  const events: GatewayEvent[] = [];
  gateway.on((e) => events.push(e));
  return { sim, gateway, events, close: () => sim.close() };
}

export const ask = (model: string, text: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [
    { role: "system" as const, content: "You rate the tone of political speeches." },
    { role: "user" as const, content: text },
  ],
  maxTokens: 64,
  ...extra,
});

export const scoreFormat = {
  type: "json_schema" as const,
  name: "tone",
  schema: {
    type: "object",
    properties: {
      score: { type: "number", minimum: -1, maximum: 1 },
      evidence: { type: "string" },
    },
    required: ["score", "evidence"],
    additionalProperties: false,
  },
};
