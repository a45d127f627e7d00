import type { GatewayConfig, ProviderKind } from "../config/gateway-config.js";
import { UnknownModelError, UnpricedModelError } from "../errors.js";
import { lookupCatalogPrice } from "../pricing/price-catalog.js";
import { LOCAL_MODELS, localPriceSource } from "../providers/local-adapter.js";
import type { ModelPrice, PriceSource } from "../types.js";

export interface ResolvedModel {
  /** `"<provider>/<model>"`. */
  id: string;
  provider: string;
  providerKind: ProviderKind;
  providerModelId: string;
  contextWindow?: number;
  price: ModelPrice;
  priceSource: PriceSource;
  /** Models to try in order when this one fails (aliases as configured). */
  fallbacks: string[];
  simulated: boolean;
}

const FREE: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };

/**
 * Turns a model name or alias into everything a call needs: provider, the provider's model id,
 * context window, price and its source. A model without a known price is refused, never run at $0.
 */
export class ModelRegistry {
  readonly #config: GatewayConfig;
  readonly #cache = new Map<string, ResolvedModel>();

  constructor(config: GatewayConfig) {
    this.#config = config;
  }

  /** Every name that resolves without a catalog look-up: aliases, configured models, local models. */
  list(): string[] {
    const names = new Set(Object.keys(this.#config.models ?? {}));
    for (const [name, provider] of Object.entries(this.#config.providers)) {
      if (provider.kind === "local") for (const m of LOCAL_MODELS) names.add(`${name}/${m}`);
    }
    return [...names].sort();
  }

  resolve(name: string): ResolvedModel {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const resolved = this.#resolve(name);
    this.#cache.set(name, resolved);
    return resolved;
  }

  #resolve(name: string): ResolvedModel {
    const models = this.#config.models ?? {};
    const alias = models[name];
    let provider: string | undefined;
    let modelId: string | undefined;
    if (alias?.provider && alias.model) {
      provider = alias.provider;
      modelId = alias.model;
    } else {
      const slash = name.indexOf("/");
      if (slash > 0) {
        provider = name.slice(0, slash);
        modelId = name.slice(slash + 1);
      }
    }
    const providerConfig = provider ? this.#config.providers[provider] : undefined;
    if (!provider || !modelId || !providerConfig) throw new UnknownModelError(name, this.#knownNames());
    const id = `${provider}/${modelId}`;
    // Settings may be given under the alias or under the qualified name; the alias wins.
    const settings = { ...models[id], ...alias };
    const fallbacks = settings.fallbacks ?? [];
    const simulated = providerConfig.simulated ?? false;

    if (providerConfig.kind === "local") {
      if (!(LOCAL_MODELS as readonly string[]).includes(modelId)) throw new UnknownModelError(name, this.#knownNames());
      return { id, provider, providerKind: "local", providerModelId: modelId, price: FREE, priceSource: localPriceSource(modelId), fallbacks, simulated };
    }

    const catalogProvider = providerConfig.kind === "openai-compatible" ? provider : providerConfig.kind;
    const catalog = lookupCatalogPrice(catalogProvider, modelId);
    const price = settings.price ?? catalog?.price;
    if (!price) throw new UnpricedModelError(id);
    const priceSource: PriceSource = settings.price
      ? { name: "config", version: "discernus.config.json" }
      : (catalog?.source ?? { name: "unknown", version: "unknown" });
    const resolved: ResolvedModel = { id, provider, providerKind: providerConfig.kind, providerModelId: modelId, price, priceSource, fallbacks, simulated };
    const contextWindow = settings.contextWindow ?? catalog?.contextWindow;
    if (contextWindow !== undefined) resolved.contextWindow = contextWindow;
    return resolved;
  }

  #knownNames(): string[] {
    return [...this.list(), ...Object.keys(this.#config.providers).map((p) => `${p}/<model>`)];
  }
}
