import { MissingApiKeyError } from "../errors.js";
import type { ProviderConfig } from "./gateway-config.js";

/** The provider's key from the environment variable its config names ("" for local models). */
export function resolveApiKey(
  provider: string,
  config: ProviderConfig,
  env: Record<string, string | undefined> = process.env,
): string {
  if (config.kind === "local") return "";
  const envVar = config.apiKeyEnv ?? "";
  const key = envVar ? env[envVar] : undefined;
  if (!key || key.trim() === "") throw new MissingApiKeyError(provider, envVar || `<providers.${provider}.apiKeyEnv>`);
  return key.trim();
}
