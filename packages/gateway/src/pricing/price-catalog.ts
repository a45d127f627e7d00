import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { calcPrice, type ModelPrice as CatalogPrice, type TieredPrices } from "@pydantic/genai-prices";
import type { ModelPrice, PriceSource } from "../types.js";

export interface CatalogEntry {
  price: ModelPrice;
  source: PriceSource;
  contextWindow?: number;
}

/** Our provider kinds and common names -> the catalog's provider ids. */
const CATALOG_PROVIDER: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  gemini: "google",
  google: "google",
  openrouter: "openrouter",
  mistral: "mistral",
  groq: "groq",
  deepseek: "deepseek",
  together: "together",
  fireworks: "fireworks",
  xai: "x-ai",
};

let sourceCache: PriceSource | undefined;

/** The catalog package's own version, read from its package.json, so every cost names its data. */
export function catalogSource(): PriceSource {
  if (!sourceCache) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@pydantic/genai-prices");
    // The package exports no ./package.json; walk up from its entry point to find it.
    let dir = dirname(entry);
    let version = "unknown";
    for (let i = 0; i < 4; i++) {
      const candidate = join(dir, "package.json");
      if (existsSync(candidate)) {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "@pydantic/genai-prices") {
          version = pkg.version ?? version;
          break;
        }
      }
      dir = dirname(dir);
    }
    sourceCache = { name: "@pydantic/genai-prices", version };
  }
  return sourceCache;
}

/** The rate in force for a prompt of `promptTokens` (tiers start above a prompt size). */
function atTier(value: number | TieredPrices | undefined, promptTokens: number): number | undefined {
  if (value === undefined || typeof value === "number") return value;
  let rate = value.base;
  for (const tier of value.tiers) if (promptTokens > tier.start) rate = tier.price;
  return rate;
}

function tierStarts(p: CatalogPrice): number[] {
  const starts = new Set<number>();
  for (const value of Object.values(p)) {
    if (typeof value === "object") for (const tier of value.tiers) starts.add(tier.start);
  }
  return [...starts].sort((a, b) => a - b);
}

function priceAt(p: CatalogPrice, promptTokens: number): Omit<ModelPrice, "tiers"> | undefined {
  const input = atTier(p.input_mtok, promptTokens);
  const output = atTier(p.output_mtok, promptTokens);
  if (input === undefined || output === undefined) return undefined;
  const price: Omit<ModelPrice, "tiers"> = { inputPerMTok: input, outputPerMTok: output };
  const cacheRead = atTier(p.cache_read_mtok, promptTokens);
  const cacheWrite = atTier(p.cache_write_mtok, promptTokens);
  if (cacheRead !== undefined) price.cachedInputPerMTok = cacheRead;
  if (cacheWrite !== undefined) price.cacheWritePerMTok = cacheWrite;
  return price;
}

/**
 * The catalog's price for a model at a date (historic prices are kept there). `provider` is our
 * provider's name or kind; names the catalog does not know (a custom openai-compatible endpoint)
 * return undefined, and the registry then asks for a price in the config.
 */
export function lookupCatalogPrice(provider: string, modelId: string, at?: Date): CatalogEntry | undefined {
  const providerId = CATALOG_PROVIDER[provider];
  if (!providerId) return undefined;
  const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, modelId, {
    providerId,
    ...(at ? { timestamp: at } : {}),
  });
  if (!result) return undefined;
  const p: CatalogPrice = result.model_price;
  const basePrice = priceAt(p, 0);
  if (!basePrice) return undefined;
  const price: ModelPrice = { ...basePrice };
  const tiers = tierStarts(p).flatMap((start) => {
    const tierPrice = priceAt(p, start + 1);
    return tierPrice ? [{ aboveInputTokens: start, price: tierPrice }] : [];
  });
  if (tiers.length > 0) price.tiers = tiers;
  const entry: CatalogEntry = { price, source: catalogSource() };
  if (result.model.context_window !== undefined) entry.contextWindow = result.model.context_window;
  return entry;
}
