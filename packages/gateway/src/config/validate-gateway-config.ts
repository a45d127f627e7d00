import { checkModel } from "./check-model.js";
import { checkProvider } from "./check-provider.js";
import { ConfigChecker } from "./config-checker.js";
import type { GatewayConfig } from "./gateway-config.js";

const TOP_LEVEL_FIELDS = ["providers", "models", "budget", "retry", "concurrency", "defaultMaxTokens"];
const RETRY_FIELDS = ["maxRetries", "baseDelayMs", "maxDelayMs"];

/**
 * Checks the gateway part of discernus.config.json and returns it typed. The first problem found
 * throws ConfigInvalidError: `field` is its JSON path (`providers.gemini.baseUrl`) and the message
 * names the file, the problem and the fix. A key pasted where a variable name belongs is refused
 * without being repeated.
 */
export function validateGatewayConfig(raw: unknown, source = "discernus.config.json"): GatewayConfig {
  const c: ConfigChecker = new ConfigChecker(source);
  const config = c.object(raw, "config", '{ "providers": { ... } }');
  c.onlyKnownFields(config, TOP_LEVEL_FIELDS, "");
  const providers = c.object(
    config.providers,
    "providers",
    '{ "openai": { "kind": "openai", "apiKeyEnv": "OPENAI_API_KEY" } }',
  );
  if (Object.keys(providers).length === 0) {
    c.fail(
      "providers",
      "is empty",
      'Add at least one provider, e.g. { "local": { "kind": "local" } } for the keyless instruments.',
    );
  }
  for (const [name, value] of Object.entries(providers)) checkProvider(c, name, value);

  const models =
    config.models === undefined
      ? {}
      : c.object(config.models, "models", '{ "fast": { "provider": "openai", "model": "gpt-4o-mini" } }');
  for (const [name, value] of Object.entries(models)) checkModel(c, name, value, providers, models);

  if (config.budget !== undefined) {
    const budget = c.object(config.budget, "budget", '{ "capUsd": 5 }');
    c.onlyKnownFields(budget, ["capUsd"], "budget");
    if (budget.capUsd === undefined)
      c.fail(
        "budget.capUsd",
        "is missing",
        'Give the cap in US dollars, e.g. "budget": { "capUsd": 5 }, or remove "budget".',
      );
    c.number(budget.capUsd, "budget.capUsd", { min: 0, example: '"capUsd": 5' });
  }
  if (config.retry !== undefined) {
    const retry = c.object(config.retry, "retry", '{ "maxRetries": 4 }');
    c.onlyKnownFields(retry, RETRY_FIELDS, "retry");
    c.number(retry.maxRetries, "retry.maxRetries", { min: 0, integer: true, example: '"maxRetries": 4' });
    c.number(retry.baseDelayMs, "retry.baseDelayMs", { min: 0, example: '"baseDelayMs": 500' });
    c.number(retry.maxDelayMs, "retry.maxDelayMs", { min: 0, example: '"maxDelayMs": 30000' });
    if (
      typeof retry.baseDelayMs === "number" &&
      typeof retry.maxDelayMs === "number" &&
      retry.maxDelayMs < retry.baseDelayMs
    ) {
      c.fail("retry.maxDelayMs", "is below retry.baseDelayMs", "Make maxDelayMs at least baseDelayMs.");
    }
  }
  c.number(config.concurrency, "concurrency", { min: 1, integer: true, example: '"concurrency": 16' });
  c.number(config.defaultMaxTokens, "defaultMaxTokens", {
    min: 1,
    integer: true,
    example: '"defaultMaxTokens": 1024',
  });
  return config as unknown as GatewayConfig;
}
