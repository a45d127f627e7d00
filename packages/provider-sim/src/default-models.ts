import type { SimModel } from "./sim-config.js";

/**
 * Models served when the config names none, with their real context windows. Limits are those of
 * a mid usage tier (OpenAI tier 3, Anthropic tier 4) as the providers published them in 2025;
 * noise differs per model so that their numeric answers agree partially. No latency of their own:
 * the top-level default (instant) applies, which keeps tests fast.
 */
export const DEFAULT_MODELS: readonly SimModel[] = [
  {
    id: "gpt-4o-mini",
    provider: "openai",
    contextWindow: 128_000,
    limits: { rpm: 5_000, tpm: 4_000_000 },
    noise: 0.2,
  },
  {
    id: "gpt-4o",
    provider: "openai",
    contextWindow: 128_000,
    limits: { rpm: 5_000, tpm: 800_000 },
    noise: 0.15,
  },
  {
    id: "gpt-4.1",
    provider: "openai",
    contextWindow: 1_047_576,
    limits: { rpm: 5_000, tpm: 800_000 },
    noise: 0.12,
  },
  {
    id: "gpt-4.1-mini",
    provider: "openai",
    contextWindow: 1_047_576,
    limits: { rpm: 5_000, tpm: 4_000_000 },
    noise: 0.18,
  },
  {
    id: "o4-mini",
    provider: "openai",
    contextWindow: 200_000,
    reasoning: true,
    limits: { rpm: 5_000, tpm: 4_000_000 },
    noise: 0.1,
  },
  // GPT-5 models reason, as the o-series do (max_completion_tokens only, default temperature only).
  {
    id: "gpt-5-mini",
    provider: "openai",
    contextWindow: 400_000,
    reasoning: true,
    limits: { rpm: 5_000, tpm: 4_000_000 },
    noise: 0.1,
  },
  // Google's OpenAI-compatible endpoint: same wire protocol, its own limits (tier 1).
  {
    id: "gemini-2.5-flash",
    provider: "openai",
    contextWindow: 1_048_576,
    limits: { rpm: 1_000, tpm: 1_000_000 },
    noise: 0.2,
  },
  {
    id: "claude-3-5-haiku-latest",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 400_000, otpm: 80_000 },
    noise: 0.25,
    // Anthropic documents a 2,048-token minimum cacheable prompt for the Haiku 3 family.
    promptCacheMinTokens: 2048,
  },
  {
    id: "claude-haiku-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 4_000_000, otpm: 800_000 },
    noise: 0.18,
    promptCacheMinTokens: 4096,
  },
  {
    id: "claude-sonnet-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 2_000_000, otpm: 400_000 },
    noise: 0.12,
  },
  // Sonnet 4.x models share one set of limits; Sonnet 4.6 caches from 2,048 tokens.
  {
    id: "claude-sonnet-4-6",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 2_000_000, otpm: 400_000 },
    noise: 0.1,
    promptCacheMinTokens: 2048,
  },
];
