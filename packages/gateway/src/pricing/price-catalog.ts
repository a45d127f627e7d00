import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice as CatalogPrice,
} from "@pydantic/genai-prices";
import type { ModelPrice, PriceSource } from "../types.js";
import { toModelPrice } from "./catalog-price.js";
import { catalogProviderId } from "./catalog-provider.js";

export interface CatalogEntry {
  price: ModelPrice;
  source: PriceSource;
  contextWindow?: number;
  /** The catalog entry that matched, `"<catalog provider>/<catalog model>"` (e.g. a dated id's family). */
  catalogModel: string;
}

export const CATALOG_NAME = "@pydantic/genai-prices";
let source: PriceSource | undefined;

/**
 * The catalog package's own version, read from its package.json at run time, so that every cost
 * names the data it came from. The package exports no "./package.json", so walk up from its entry.
 */
export function catalogSource(): PriceSource {
  if (source) return source;
  let dir = dirname(createRequire(import.meta.url).resolve(CATALOG_NAME));
  let version: string | undefined;
  for (let depth = 0; depth < 4 && version === undefined; depth++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === CATALOG_NAME) version = pkg.version;
  }
  if (version === undefined) throw new Error(`internal: cannot find the version of ${CATALOG_NAME}`);
  source = { name: CATALOG_NAME, version };
  return source;
}

function catalogPriceAt(
  providerId: string,
  modelId: string,
  at: Date,
): { model: ModelInfo; price: CatalogPrice; provider: string } | undefined {
  try {
    const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, modelId, { providerId, timestamp: at });
    return result
      ? { model: result.model, price: result.model_price, provider: result.provider.id }
      : undefined;
  } catch {
    // The catalog throws on entries it cannot evaluate; treat them as unknown, so the registry asks
    // for a price in the config instead of failing every call.
    return undefined;
  }
}

/**
 * Instants of `day` at which a time-of-day price window opens or closes (DeepSeek's off-peak hours).
 * The price is constant between them, so evaluating each one sees every rate the day can have.
 */
function timeOfDayBoundaries(model: ModelInfo, day: Date): Date[] {
  if (!Array.isArray(model.prices)) return [];
  const isoDay = day.toISOString().slice(0, 10);
  const instants: Date[] = [];
  for (const { constraint } of model.prices) {
    if (constraint?.type !== "time_of_date") continue;
    for (const time of [constraint.start_time, constraint.end_time]) {
      const instant = new Date(`${isoDay}T${time}`);
      if (!Number.isNaN(instant.getTime())) instants.push(instant);
    }
  }
  return instants;
}

const baseRate = (p: ModelPrice) => p.inputPerMTok + p.outputPerMTok;

/**
 * The catalog's price for `modelId` at one of our providers (a provider name such as "gemini" or
 * "openrouter", or a catalog id), or undefined when the catalog does not know the pair.
 *
 * - `at`: the price in force at that instant; the catalog keeps price changes by date (o3 cost $10/$40
 *   per MTok before 2025-06-10). Default: now.
 * - Time-of-day prices (DeepSeek's off-peak discount): with `at`, the rate of that instant. Without
 *   it, the dearest rate of the day, because the registry caches the result for calls made at any
 *   hour, and a budget must not be reserved at a discount the call may not get.
 * - Tiered prices (Gemini 2.5 Pro above 200k prompt tokens): the base rates, plus `tiers`, which
 *   computeCost applies by the call's prompt size.
 */
export function lookupCatalogPrice(provider: string, modelId: string, at?: Date): CatalogEntry | undefined {
  const providerId = catalogProviderId(provider);
  if (!providerId) return undefined;
  const found = catalogPriceAt(providerId, modelId, at ?? new Date());
  if (!found) return undefined;
  let price = toModelPrice(found.price);
  if (!price) return undefined;
  if (!at) {
    for (const instant of timeOfDayBoundaries(found.model, new Date())) {
      const other = catalogPriceAt(providerId, modelId, instant);
      const otherPrice = other && toModelPrice(other.price);
      if (otherPrice && baseRate(otherPrice) > baseRate(price)) price = otherPrice;
    }
  }
  const entry: CatalogEntry = {
    price,
    source: catalogSource(),
    catalogModel: `${found.provider}/${found.model.id}`,
  };
  if (found.model.context_window !== undefined) entry.contextWindow = found.model.context_window;
  return entry;
}

/** The catalog's model ids for one of its providers: what a misspelt model name is checked against. */
export function catalogModelIds(catalogProviderId: string): string[] {
  try {
    return findProvider({ providerId: catalogProviderId })?.models.map((m) => m.id) ?? [];
  } catch {
    return [];
  }
}
