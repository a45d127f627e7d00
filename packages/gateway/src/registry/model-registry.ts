import type { GatewayConfig, ModelConfig, ProviderKind } from "../config/gateway-config.js";
import { UnknownModelError, UnpricedModelError } from "../errors.js";
import { catalogProviderId } from "../pricing/catalog-provider.js";
import { didYouMean } from "../config/did-you-mean.js";
import { catalogModelIds, lookupCatalogPrice } from "../pricing/price-catalog.js";
import { LOCAL_MODEL_IDS, isLocalModelId, localPriceSource } from "../providers/local-models.js";
import type { ModelPrice, PriceSource } from "../types.js";
import { knownContextWindow } from "./known-context-windows.js";

export interface ResolvedModel {
  /** `"<provider>/<model>"`. */
  id: string;
  provider: string;
  providerKind: ProviderKind;
  providerModelId: string;
  /** Undefined when nobody knows it; the gateway then skips its context-window check. */
  contextWindow?: number;
  /** Where `contextWindow` came from: the config, the price catalog, or the built-in table. */
  contextWindowSource?: "config" | "catalog" | "builtin";
  price: ModelPrice;
  priceSource: PriceSource;
  /** Models to try in order when this one fails (aliases or qualified names, as configured). */
  fallbacks: string[];
  simulated: boolean;
}

export const CONFIG_PRICE_SOURCE: Readonly<PriceSource> = Object.freeze({
  name: "config",
  version: "discernus.config.json",
});
const FREE: Readonly<ModelPrice> = Object.freeze({ inputPerMTok: 0, outputPerMTok: 0 });

/**
 * Turns a model name into everything a call needs: provider, the provider's model id, context
 * window, price and its source, fallbacks. A name is an alias from `config.models` or
 * `"<provider>/<model>"` with a configured provider. Prices come from the config, else the catalog;
 * a model with neither is refused (UnpricedModelError), never run at $0. Resolutions are cached: the
 * config does not change under a registry.
 */
export class ModelRegistry {
  readonly #config: GatewayConfig;
  readonly #cache = new Map<string, ResolvedModel>();

  constructor(config: GatewayConfig) {
    this.#config = config;
  }

  /** Every configured alias and qualified model, and each local provider's instruments, sorted. */
  list(): string[] {
    const names = new Set(Object.keys(this.#config.models ?? {}));
    for (const [name, provider] of Object.entries(this.#config.providers)) {
      if (provider.kind === "local") for (const model of LOCAL_MODEL_IDS) names.add(`${name}/${model}`);
    }
    return [...names].sort();
  }

  resolve(name: string): ResolvedModel {
    let resolved = this.#cache.get(name);
    if (!resolved) {
      resolved = this.#resolve(name);
      this.#cache.set(name, resolved);
    }
    return resolved;
  }

  #resolve(name: string): ResolvedModel {
    const models = this.#config.models ?? {};
    const alias = Object.hasOwn(models, name) ? models[name] : undefined;
    let provider: string;
    let modelId: string;
    if (alias?.provider !== undefined && alias.model !== undefined) {
      provider = alias.provider;
      modelId = alias.model;
    } else {
      const slash = name.indexOf("/");
      provider = slash > 0 ? name.slice(0, slash) : "";
      modelId = slash > 0 ? name.slice(slash + 1) : "";
    }
    const providerConfig = Object.hasOwn(this.#config.providers, provider)
      ? this.#config.providers[provider]
      : undefined;
    if (!providerConfig || modelId === "") throw new UnknownModelError(name, this.#knownNames());
    const id = `${provider}/${modelId}`;
    // Settings may sit under the qualified name, under the alias, or both; the alias's win.
    const settings: ModelConfig = { ...(Object.hasOwn(models, id) ? models[id] : {}), ...alias };
    const base = {
      id,
      provider,
      providerKind: providerConfig.kind,
      providerModelId: modelId,
      fallbacks: [...(settings.fallbacks ?? [])],
      simulated: providerConfig.simulated ?? false,
    };

    if (providerConfig.kind === "local") {
      if (!isLocalModelId(modelId)) throw new UnknownModelError(name, this.#knownNames());
      return { ...base, price: FREE, priceSource: localPriceSource(modelId) };
    }

    const catalogId = catalogProviderId(provider, providerConfig);
    const catalog = catalogId === undefined ? undefined : lookupCatalogPrice(catalogId, modelId);
    const price = settings.price ?? catalog?.price;
    const priceSource = settings.price ? CONFIG_PRICE_SOURCE : catalog?.source;
    if (!price || !priceSource) {
      // Most unpriced names are typos of a model the catalog prices: say which.
      const known = catalogId === undefined ? [] : catalogModelIds(catalogId);
      const guess = didYouMean(modelId, known);
      throw new UnpricedModelError(name, guess === undefined ? undefined : `${provider}/${guess}`);
    }
    const resolved: ResolvedModel = { ...base, price, priceSource };

    const builtin = knownContextWindow(modelId);
    if (settings.contextWindow !== undefined) {
      resolved.contextWindow = settings.contextWindow;
      resolved.contextWindowSource = "config";
    } else if (catalog?.contextWindow !== undefined) {
      resolved.contextWindow = catalog.contextWindow;
      resolved.contextWindowSource = "catalog";
    } else if (builtin !== undefined) {
      resolved.contextWindow = builtin;
      resolved.contextWindowSource = "builtin";
    }
    return resolved;
  }

  #knownNames(): string[] {
    return [...this.list(), ...Object.keys(this.#config.providers).map((p) => `${p}/<model>`)];
  }
}
