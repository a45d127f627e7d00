import type { ModelPrice, PriceSource, TokenUsage } from "../../src/types.js";

/** Catalog prices (USD per million tokens) of real models, and a usage builder, for cost tests. */
export const source: PriceSource = { name: "@pydantic/genai-prices", version: "0.1.8" };

export const usage = (u: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  ...u,
});

export const gpt4oMini: ModelPrice = { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 };
export const o4Mini: ModelPrice = { inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275 };
export const claudeHaiku35: ModelPrice = {
  inputPerMTok: 0.8,
  cachedInputPerMTok: 0.08,
  cacheWritePerMTok: 1,
  outputPerMTok: 4,
};
export const claudeSonnet4: ModelPrice = {
  inputPerMTok: 3,
  outputPerMTok: 15,
  cachedInputPerMTok: 0.3,
  cacheWritePerMTok: 3.75,
};
