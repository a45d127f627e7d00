import type { ProviderConfig } from "../config/gateway-config.js";
import { resolveApiKey } from "../config/resolve-api-key.js";
import { ConfigInvalidError } from "../errors.js";
import { createAnthropicBatchAdapter } from "./anthropic-batch-adapter.js";
import type { BatchAdapter } from "./batch-adapter.js";
import { createOpenAIBatchAdapter } from "./openai-batch-adapter.js";

/**
 * The batch adapter of one configured provider, with the key and base URL its interactive adapter
 * uses; throws MissingApiKeyError before anything is sent, and ConfigInvalidError for a provider
 * kind without a Batch API.
 */
export function createBatchAdapter(
  provider: string,
  config: ProviderConfig,
  env: Record<string, string | undefined> = process.env,
): BatchAdapter {
  const base = config.baseUrl ? { baseUrl: config.baseUrl } : {};
  switch (config.kind) {
    case "openai":
      return createOpenAIBatchAdapter({ provider, apiKey: resolveApiKey(provider, config, env), ...base });
    case "anthropic":
      return createAnthropicBatchAdapter({ provider, apiKey: resolveApiKey(provider, config, env), ...base });
    default:
      throw new ConfigInvalidError(
        `providers.${provider}.kind`,
        `"${config.kind}" has no Batch API here; batch mode runs on "openai" and "anthropic" providers. Run these requests live instead.`,
      );
  }
}
