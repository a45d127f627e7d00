import { findProvider } from "@pydantic/genai-prices";

/**
 * Names people give providers in discernus.config.json that are not the catalog's own ids. The
 * catalog's ids ("openai", "anthropic", "google", "openrouter", "groq", "deepseek", "mistral", ...)
 * are accepted as they are. "gemini" is Google's OpenAI-compatible endpoint: Google prices it as the
 * Gemini API, so it maps to "google".
 */
const NAME_TO_CATALOG_ID: Readonly<Record<string, string>> = {
  gemini: "google",
  "google-gemini": "google",
  vertex: "google",
  "google-vertex": "google",
  xai: "x-ai",
  grok: "x-ai",
  bedrock: "aws",
  "aws-bedrock": "aws",
  "together-ai": "together",
  together_ai: "together",
  moonshot: "moonshotai",
  kimi: "moonshotai",
  zhipu: "zhipuai",
};

/** Kinds that mean one public API whatever the provider is called (see ProviderKind). */
const KIND_TO_CATALOG_ID: Readonly<Record<string, string>> = { openai: "openai", anthropic: "anthropic" };

/**
 * The price catalog's provider id for one of our providers, or undefined when the catalog has none
 * (a local server, provider-sim under an unknown name...).
 *
 * In order: the base URL, when it is a public API the catalog knows (a provider called "gem" pointing
 * at generativelanguage.googleapis.com is Google, and an "openai" kind pointing at OpenRouter is
 * OpenRouter); then the kind, for `openai` and `anthropic` (their SDKs' default endpoints, or
 * provider-sim standing in for them at their real prices); then the name, exactly. The catalog's own
 * fuzzy name matching ("contains openai") is deliberately not used: a provider called "openai-proxy"
 * in front of a self-hosted model must not be costed at OpenAI's prices.
 */
export function catalogProviderId(
  name: string,
  config: { kind?: string; baseUrl?: string } = {},
): string | undefined {
  if (config.baseUrl) {
    const byUrl = findProvider({ providerApiUrl: config.baseUrl });
    if (byUrl) return byUrl.id;
  }
  const byKind = config.kind === undefined ? undefined : KIND_TO_CATALOG_ID[config.kind];
  if (byKind) return byKind;
  const lower = name.toLowerCase().trim();
  const alias = NAME_TO_CATALOG_ID[lower];
  if (alias) return alias;
  // findProvider tries the exact id first, then fuzzy matches; keep only an exact hit.
  return findProvider({ providerId: lower })?.id === lower ? lower : undefined;
}
