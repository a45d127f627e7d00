import type { FaultKind, ResolvedSimConfig } from "./sim-config.js";
import { mulberry32 } from "./prng.js";

interface Injection {
  model?: string;
  fault: FaultKind;
  remaining: number;
}

/**
 * Decides which requests fail and how: injected faults first (tests), then each model's rates.
 * One seeded generator draws for every request in arrival order, so a seed and an order of
 * requests give the same faults every run.
 */
export class FaultPlan {
  readonly #config: ResolvedSimConfig;
  readonly #random: () => number;
  #injections: Injection[] = [];

  constructor(config: ResolvedSimConfig) {
    this.#config = config;
    this.#random = mulberry32(config.seed ^ 0x5eed);
  }

  inject(rule: { model?: string; fault: FaultKind; count: number }): void {
    this.#injections.push({
      ...(rule.model ? { model: rule.model } : {}),
      fault: rule.fault,
      remaining: rule.count,
    });
  }

  next(model: string): FaultKind | undefined {
    const injected = this.#injections.find(
      (i) => i.remaining > 0 && (i.model === undefined || i.model === model),
    );
    if (injected) {
      injected.remaining--;
      this.#injections = this.#injections.filter((i) => i.remaining > 0);
      return injected.fault;
    }
    const rates = this.#config.models.get(model)?.faults ?? this.#config.faults;
    const draw = this.#random();
    let cumulative = 0;
    for (const [kind, rate] of Object.entries(rates) as [FaultKind, number][]) {
      cumulative += rate;
      if (draw < cumulative) return kind;
    }
    return undefined;
  }
}
