import type { LimitState, LimitWindow } from "./telemetry-snapshot.js";

export type LimitKind = "requests" | "tokens" | "inputTokens" | "outputTokens";
export type LimitLevel = "ok" | "warn" | "full";

/** One rate-limit window as a gauge: how much of the limit this window has used, and when it resets. */
export interface WindowGauge {
  kind: LimitKind;
  limit: number;
  remaining: number;
  used: number;
  /** used / limit, in [0, 1]. */
  fraction: number;
  /** Epoch ms when the window is fully replenished (the provider's clock, via the kernel). */
  resetAt: number;
  /** Time left until then, from `now`; 0 once passed. */
  resetInMs: number;
  level: LimitLevel;
}

/** Headroom of one model: its windows and any cool-down a 429 imposed. */
export interface ModelLimitGauge {
  model: string;
  /** The `<provider>` of `<provider>/<model>`. */
  provider: string;
  observedAt: number | undefined;
  windows: WindowGauge[];
  /** Epoch ms until which a 429 told the model to wait; undefined when no cool-down is known. */
  cooldownUntil: number | undefined;
  /** Time left of that cool-down from `now`; 0 once passed. */
  cooldownInMs: number;
}

const KINDS: readonly LimitKind[] = ["requests", "tokens", "inputTokens", "outputTokens"];

function windowGauge(
  kind: LimitKind,
  w: LimitWindow,
  observedAt: number,
  now: number,
  warnAt: number,
): WindowGauge {
  const limit = w.limit;
  const remaining = Math.min(w.remaining, limit);
  const used = Math.max(0, limit - remaining);
  const fraction = limit > 0 ? used / limit : 1;
  const resetAt = observedAt + w.resetMs;
  return {
    kind,
    limit,
    remaining,
    used,
    fraction,
    resetAt,
    resetInMs: Math.max(0, resetAt - now),
    level: remaining <= 0 ? "full" : fraction >= warnAt ? "warn" : "ok",
  };
}

/**
 * Gauges per model from a snapshot's `limits` and `cooldowns`, sorted by model (so a provider's
 * models sit together). Remaining counts are the provider's last report, not guesses.
 */
export function rateLimitGauges(
  limits: Record<string, LimitState>,
  cooldowns: Record<string, number>,
  now: number,
  warnAt = 0.8,
): ModelLimitGauge[] {
  const models = [...new Set([...Object.keys(limits), ...Object.keys(cooldowns)])].sort();
  return models.map((model) => {
    const state = limits[model];
    const windows: WindowGauge[] = [];
    if (state) {
      for (const kind of KINDS) {
        const w = state[kind];
        if (w) windows.push(windowGauge(kind, w, state.observedAt, now, warnAt));
      }
    }
    const cooldownUntil = cooldowns[model];
    const slash = model.indexOf("/");
    return {
      model,
      provider: slash > 0 ? model.slice(0, slash) : model,
      observedAt: state?.observedAt,
      windows,
      cooldownUntil,
      cooldownInMs: cooldownUntil === undefined ? 0 : Math.max(0, cooldownUntil - now),
    };
  });
}
