import type { ProviderConfig } from "../config/gateway-config.js";
import { resolveApiKey } from "../config/resolve-api-key.js";
import { createAnthropicAdapter } from "./anthropic.js";
import { createLocalAdapter } from "./local-adapter.js";
import { createOpenAIAdapter } from "./openai.js";
import type { ProviderAdapter } from "./provider-adapter.js";

/** Builds the adapter for one configured provider; throws MissingApiKeyError before anything is sent. */
export function createAdapter(
  provider: string,
  config: ProviderConfig,
  env: Record<string, string | undefined>,
  contextWindows: (model: string) => number | undefined,
): ProviderAdapter {
  switch (config.kind) {
    case "local":
      return createLocalAdapter();
    case "anthropic":
      return createAnthropicAdapter({
        provider,
        apiKey: resolveApiKey(provider, config, env),
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        contextWindows,
      });
    case "openai":
    case "openai-compatible":
      return createOpenAIAdapter({
        provider,
        apiKey: resolveApiKey(provider, config, env),
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        maxTokensParam: config.kind === "openai" ? "max_completion_tokens" : "max_tokens",
        contextWindows,
      });
  }
}
