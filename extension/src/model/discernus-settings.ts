/** The extension's settings (schema/sidebar.json), as the sidebar uses them. */
export interface DiscernusSettings {
  /** ISO 4217 code money is shown in. */
  currency: string;
  /** Units of `currency` per US dollar. */
  usdRate: number;
  /** BCP 47 locale for numbers; "" for the browser's. */
  locale: string;
  /** Fraction of the budget cap at which the bar warns. */
  warnAtFraction: number;
  /** How many recent calls the panel lists. */
  recentCalls: number;
}

export const DEFAULT_SETTINGS: Readonly<DiscernusSettings> = Object.freeze({
  currency: "USD",
  usdRate: 1,
  locale: "",
  warnAtFraction: 0.8,
  recentCalls: 20,
});

/** Most recent calls the panel will list, whatever the settings say: the list stays light. */
export const MAX_RECENT_CALLS = 200;

/**
 * Settings from the registry's composite value, each field checked and defaulted on its own: a
 * hand-edited settings file with one bad value keeps the others.
 */
export function readSettings(composite: unknown): DiscernusSettings {
  const c = (typeof composite === "object" && composite !== null ? composite : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const currency =
    typeof c.currency === "string" && /^[A-Za-z]{3}$/.test(c.currency)
      ? c.currency.toUpperCase()
      : DEFAULT_SETTINGS.currency;
  const usdRate = num(c.usdRate);
  const warnAt = num(c.warnAtFraction);
  const recent = num(c.recentCalls);
  return {
    currency,
    usdRate: usdRate !== undefined && usdRate > 0 ? usdRate : DEFAULT_SETTINGS.usdRate,
    locale: typeof c.locale === "string" ? c.locale : DEFAULT_SETTINGS.locale,
    warnAtFraction:
      warnAt !== undefined && warnAt > 0 && warnAt <= 1 ? warnAt : DEFAULT_SETTINGS.warnAtFraction,
    recentCalls:
      recent !== undefined && recent >= 1
        ? Math.min(MAX_RECENT_CALLS, Math.floor(recent))
        : DEFAULT_SETTINGS.recentCalls,
  };
}
