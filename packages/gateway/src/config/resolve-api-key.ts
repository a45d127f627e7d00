import { MissingApiKeyError } from "../errors.js";
import type { ProviderConfig } from "./gateway-config.js";

/**
 * The provider's key, read from the environment variable its config names; "" for the keyless
 * `local` kind. Throws MissingApiKeyError naming the variable when it is unset or blank, before
 * anything is sent. Surrounding whitespace (a pasted newline) is trimmed.
 */
export function resolveApiKey(
  providerName: string,
  providerConfig: ProviderConfig,
  env: Record<string, string | undefined> = process.env,
): string {
  if (providerConfig.kind === "local") return "";
  const envVar = providerConfig.apiKeyEnv;
  if (envVar === undefined || envVar === "")
    throw new MissingApiKeyError(providerName, `<providers.${providerName}.apiKeyEnv>`);
  const key = Object.hasOwn(env, envVar) ? env[envVar]?.trim() : undefined;
  if (!key) throw new MissingApiKeyError(providerName, envVar);
  return key;
}
