/**
 * Context windows (prompt + output tokens) of well-known models, as their providers publish them
 * (OpenAI's model pages, Anthropic's models overview, Google's Gemini models page). Used only when
 * neither the config nor the price catalog gives one: the catalog lacks some (Gemini 2.5 Pro) and
 * most OpenRouter entries for Anthropic models.
 */
const KNOWN_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  "gpt-3.5-turbo": 16_385,
  "gpt-4-turbo": 128_000,
  "gpt-4o": 128_000,
  "gpt-4o-mini": 128_000,
  "gpt-4.5-preview": 128_000,
  "gpt-4.1": 1_047_576,
  "gpt-4.1-mini": 1_047_576,
  "gpt-4.1-nano": 1_047_576,
  "o3-mini": 200_000,
  o3: 200_000,
  "o4-mini": 200_000,
  "gpt-5": 400_000,
  "gpt-5-mini": 400_000,
  "gpt-5-nano": 400_000,
  "claude-3-haiku": 200_000,
  "claude-3-5-haiku": 200_000,
  "claude-3-5-sonnet": 200_000,
  "claude-3-7-sonnet": 200_000,
  "claude-sonnet-4": 200_000,
  "claude-sonnet-4-5": 200_000,
  "claude-haiku-4-5": 200_000,
  "claude-opus-4": 200_000,
  "claude-opus-4-1": 200_000,
  "gemini-1.5-flash": 1_048_576,
  "gemini-1.5-pro": 2_097_152,
  "gemini-2.0-flash": 1_048_576,
  "gemini-2.5-flash": 1_048_576,
  "gemini-2.5-flash-lite": 1_048_576,
  "gemini-2.5-pro": 1_048_576,
};

/**
 * The table's entry for a provider model id, matched after dropping a vendor prefix
 * ("anthropic/claude-sonnet-4", "models/gemini-2.5-pro"), a date or "-latest" suffix, and
 * Anthropic's "-0" alias suffix ("claude-sonnet-4-0").
 */
export function knownContextWindow(modelId: string): number | undefined {
  const base = (modelId.toLowerCase().split("/").at(-1) ?? "")
    .replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "")
    .replace(/^(claude-(?:sonnet|opus|haiku)-\d)-0$/, "$1");
  return Object.hasOwn(KNOWN_CONTEXT_WINDOWS, base) ? KNOWN_CONTEXT_WINDOWS[base] : undefined;
}
