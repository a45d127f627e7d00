import { mulberry32 } from "./prng.js";
import { FAULT_KINDS, type FaultKind, type ResolvedSimConfig } from "./sim-config.js";

/** A test's order: the next `count` requests (to `model`, or any) meet `fault`. */
export interface FaultInjection {
  model?: string;
  fault: FaultKind;
  count: number;
}

/**
 * Decides which requests fail and how: injected faults first (tests), then each model's rates.
 * One seeded generator draws once for every request in arrival order, whatever its model, so a
 * seed and an order of requests give the same faults on every run.
 */
export class FaultPlan {
  readonly #config: ResolvedSimConfig;
  readonly #random: () => number;
  #injections: FaultInjection[] = [];

  constructor(config: ResolvedSimConfig) {
    this.#config = config;
    this.#random = mulberry32(config.seed ^ 0x5eed);
  }

  inject(rule: FaultInjection): void {
    if (!FAULT_KINDS.includes(rule.fault))
      throw new TypeError(
        `provider-sim inject: fault must be one of ${FAULT_KINDS.join(", ")}, got ${String(rule.fault)}.`,
      );
    if (!Number.isInteger(rule.count) || rule.count < 1)
      throw new TypeError(
        `provider-sim inject: count must be a whole number of 1 or more, got ${rule.count}.`,
      );
    if (rule.model !== undefined && !this.#config.models.has(rule.model))
      throw new TypeError(
        `provider-sim inject: no model "${rule.model}"; known: ${[...this.#config.models.keys()].join(", ")}.`,
      );
    this.#injections.push({ ...rule });
  }

  next(model: string): FaultKind | undefined {
    const draw = this.#random();
    const injected = this.#injections.find((i) => i.model === undefined || i.model === model);
    if (injected) {
      if (--injected.count === 0) this.#injections = this.#injections.filter((i) => i !== injected);
      return injected.fault;
    }
    const rates = this.#config.models.get(model)?.faults ?? {};
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += rates[kind] ?? 0;
      if (draw < cumulative) return kind;
    }
    return undefined;
  }
}
