import type { ModelPrice as CatalogPrice, TieredPrices } from "@pydantic/genai-prices";
import type { ModelPrice } from "../types.js";

type FlatPrice = Omit<ModelPrice, "tiers">;

/**
 * The catalog's per-million-token keys that a text chat call can incur, and our field for each.
 * `cache_write_mtok` is Anthropic's 5-minute cache write (1.25x input), the TTL our Anthropic adapter
 * asks for (`cache_control: {type: "ephemeral"}`); the 1-hour rate (`cache_write_1h_mtok`, 2x) is
 * not used.
 */
const TOKEN_KEYS: Readonly<Record<string, keyof FlatPrice>> = {
  input_mtok: "inputPerMTok",
  output_mtok: "outputPerMTok",
  cache_read_mtok: "cachedInputPerMTok",
  cache_write_mtok: "cacheWritePerMTok",
  output_reasoning_mtok: "reasoningPerMTok",
};

/**
 * Charges that every call would incur but ModelPrice cannot express: a fee per request (Perplexity's
 * sonar models), per message (xAI voice), or citation tokens our usage does not separate. A model
 * with one of these is reported as not in the catalog, so the registry asks for a price in the config
 * rather than costing calls below what the provider bills.
 *
 * Every other key (audio, image, video, documents, web and file searches, the 1-hour cache write) is
 * for inputs or tools a text chat call through the gateway does not use, and is ignored.
 */
const UNREPRESENTABLE_KEYS: readonly string[] = [
  "requests_kcount",
  "input_text_messages_kcount",
  "output_citation_mtok",
];

/**
 * The rate in force for a prompt of `promptTokens`. As in the catalog's own calculation, a tier
 * applies when the prompt (all input tokens, cached and cache writes included) exceeds its `start`,
 * and then to the whole call, not only to the tokens above the threshold.
 */
function rateAt(value: number | TieredPrices | undefined, promptTokens: number): number | undefined {
  if (value === undefined || typeof value === "number") return value;
  let rate = value.base;
  for (const tier of value.tiers) if (promptTokens > tier.start) rate = tier.price;
  return rate;
}

function flatPriceAt(p: CatalogPrice, promptTokens: number): FlatPrice | undefined {
  const input = rateAt(p.input_mtok, promptTokens);
  const output = rateAt(p.output_mtok, promptTokens);
  if (input === undefined || output === undefined) return undefined;
  const price: FlatPrice = { inputPerMTok: input, outputPerMTok: output };
  for (const [key, field] of Object.entries(TOKEN_KEYS)) {
    if (field === "inputPerMTok" || field === "outputPerMTok") continue;
    const rate = rateAt(p[key], promptTokens);
    if (rate !== undefined) price[field] = rate;
  }
  return price;
}

/**
 * Converts one catalog price (already chosen for a date) to ours. Tiered rates become the base price
 * plus `tiers`, one per distinct threshold across all kinds, each holding every kind's rate above it;
 * computeCost then bills the whole call at the tier its prompt size reaches, as providers do.
 * Returns undefined for models that are not text chat models (no input or output token price) or
 * that carry a charge we cannot represent.
 */
export function toModelPrice(p: CatalogPrice): ModelPrice | undefined {
  if (UNREPRESENTABLE_KEYS.some((key) => p[key] !== undefined && p[key] !== 0)) return undefined;
  const base = flatPriceAt(p, 0);
  if (!base) return undefined;
  const starts = new Set<number>();
  for (const key of Object.keys(TOKEN_KEYS)) {
    const value = p[key];
    if (typeof value === "object") for (const tier of value.tiers) starts.add(tier.start);
  }
  const tiers = [...starts]
    .sort((a, b) => a - b)
    .flatMap((start) => {
      const price = flatPriceAt(p, start + 1);
      return price ? [{ aboveInputTokens: start, price }] : [];
    });
  return tiers.length > 0 ? { ...base, tiers } : base;
}
