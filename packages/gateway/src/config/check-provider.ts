import { ConfigChecker, pathOf } from "./config-checker.js";
import { didYouMean } from "./did-you-mean.js";
import type { ProviderKind } from "./gateway-config.js";
import { looksLikeSecret, quoteSafely } from "./looks-like-secret.js";

export const PROVIDER_KINDS: readonly ProviderKind[] = ["openai", "anthropic", "openai-compatible", "local"];
const PROVIDER_FIELDS = ["kind", "baseUrl", "apiKeyEnv", "timeoutMs", "limits", "simulated"];
const LIMIT_FIELDS = [
  "requestsPerMinute",
  "tokensPerMinute",
  "inputTokensPerMinute",
  "outputTokensPerMinute",
];
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks `providers.<name>`: kind, endpoint, the key's variable, timeout and known limits. */
export function checkProvider(c: ConfigChecker, name: string, value: unknown): void {
  const field = pathOf("providers", name);
  if (name === "" || name.includes("/")) {
    c.fail(
      field,
      'is not a usable provider name: models are named "<provider>/<model>"',
      'Use a name without "/", e.g. "openrouter".',
    );
  }
  const p = c.object(value, field, '{ "kind": "openai", "apiKeyEnv": "OPENAI_API_KEY" }');
  c.onlyKnownFields(p, PROVIDER_FIELDS, field);
  if (!PROVIDER_KINDS.includes(p.kind as ProviderKind)) {
    const near = typeof p.kind === "string" ? didYouMean(p.kind, PROVIDER_KINDS) : undefined;
    c.fail(
      `${field}.kind`,
      p.kind === undefined ? "is missing" : `is ${quoteSafely(p.kind)}, which is not a provider kind`,
      `${near ? `Did you mean "${near}"? ` : ""}Use one of ${PROVIDER_KINDS.map((k) => `"${k}"`).join(", ")} ("openai-compatible" for Gemini, OpenRouter, Ollama, vLLM...).`,
    );
  }
  const kind = p.kind as ProviderKind;
  checkBaseUrl(c, `${field}.baseUrl`, p.baseUrl, kind);
  if (kind !== "local") checkApiKeyEnv(c, `${field}.apiKeyEnv`, p.apiKeyEnv, name);
  c.number(p.timeoutMs, `${field}.timeoutMs`, { min: 0, exclusive: true, example: '"timeoutMs": 60000' });
  if (p.simulated !== undefined && typeof p.simulated !== "boolean") {
    c.fail(
      `${field}.simulated`,
      `is ${quoteSafely(p.simulated)}, not true or false`,
      'Write "simulated": true for provider-sim, or remove it.',
    );
  }
  if (p.limits !== undefined) {
    const limits = c.object(p.limits, `${field}.limits`, '{ "*": { "requestsPerMinute": 500 } }');
    for (const [model, perModel] of Object.entries(limits)) {
      const limitField = pathOf(`${field}.limits`, model);
      const l = c.object(perModel, limitField, '{ "requestsPerMinute": 500, "tokensPerMinute": 200000 }');
      c.onlyKnownFields(l, LIMIT_FIELDS, limitField);
      for (const k of LIMIT_FIELDS)
        c.number(l[k], `${limitField}.${k}`, { min: 0, exclusive: true, example: `"${k}": 500` });
    }
  }
}

function checkBaseUrl(c: ConfigChecker, field: string, baseUrl: unknown, kind: ProviderKind): void {
  if (baseUrl === undefined) {
    if (kind === "openai-compatible") {
      c.fail(
        field,
        "is missing, and an openai-compatible provider has no default endpoint",
        'Give the endpoint, e.g. "https://generativelanguage.googleapis.com/v1beta/openai/" (Gemini), "https://openrouter.ai/api/v1" or "http://127.0.0.1:11434/v1" (Ollama).',
      );
    }
    return;
  }
  let url: URL | undefined;
  try {
    url = typeof baseUrl === "string" ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    c.fail(
      field,
      "is not an http(s) URL",
      'Write the full URL with its scheme, e.g. "https://api.openai.com/v1" or "http://127.0.0.1:11434/v1".',
    );
  }
  if (url.username || url.password || [...url.searchParams.keys()].some((k) => /key|token|secret/i.test(k))) {
    c.fail(
      field,
      "carries a credential",
      "Remove it from the URL: put the key in an environment variable and name that variable in apiKeyEnv.",
    );
  }
}

function checkApiKeyEnv(c: ConfigChecker, field: string, apiKeyEnv: unknown, provider: string): void {
  const example = `"apiKeyEnv": "${provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_API_KEY"`;
  if (apiKeyEnv === undefined || apiKeyEnv === "") {
    c.fail(
      field,
      "is missing",
      `Name the environment variable that holds this provider's key, e.g. ${example}.`,
    );
  }
  if (typeof apiKeyEnv !== "string")
    c.fail(field, "is not a string", `Name the environment variable, e.g. ${example}.`);
  // A variable name is short and plain; a long value that is not one is a key whatever its shape.
  if (looksLikeSecret(apiKeyEnv) || (apiKeyEnv.length >= 20 && !ENV_VAR_NAME.test(apiKeyEnv))) {
    c.fail(
      field,
      "holds what looks like an API key",
      "apiKeyEnv names an environment variable, not the key itself; move the key into the environment (export it " +
        `before starting the kernel) and write the variable's name here, e.g. ${example}. Consider the key exposed if this file was shared.`,
    );
  }
  if (!ENV_VAR_NAME.test(apiKeyEnv)) {
    c.fail(
      field,
      "is not an environment variable name (letters, digits and _, not starting with a digit)",
      `For example: ${example}.`,
    );
  }
}
