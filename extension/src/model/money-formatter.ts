/** How money is shown: the currency, its rate against the US dollar, and the locale. */
export interface CurrencySettings {
  /** ISO 4217 code, e.g. "USD", "EUR". */
  currency: string;
  /** Units of `currency` per US dollar (1 for USD). */
  usdRate: number;
  /** BCP 47 locale; "" or undefined: the browser's. */
  locale?: string;
}

/** What is shown where an amount is not known. */
export const UNKNOWN_AMOUNT = "—";

/**
 * Formats integer nano-USD in the chosen currency with Intl.NumberFormat. Amounts under one unit
 * keep up to six decimals (a call can cost $0.000042, and "$0.00" would hide it); larger ones
 * use the currency's own decimals. Formatters are built once, not per call.
 */
export class MoneyFormatter {
  readonly currency: string;
  readonly usdRate: number;
  readonly #whole: Intl.NumberFormat;
  readonly #small: Intl.NumberFormat;

  constructor(settings: CurrencySettings) {
    const locale = settings.locale ? settings.locale : undefined;
    let currency = settings.currency.toUpperCase();
    let usdRate = Number.isFinite(settings.usdRate) && settings.usdRate > 0 ? settings.usdRate : 1;
    let whole: Intl.NumberFormat;
    try {
      whole = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      // A malformed code or locale in the settings: show dollars rather than nothing.
      currency = "USD";
      usdRate = 1;
      whole = new Intl.NumberFormat("en-US", { style: "currency", currency });
    }
    const digits = whole.resolvedOptions().minimumFractionDigits ?? 2;
    this.currency = currency;
    this.usdRate = usdRate;
    this.#whole = whole;
    this.#small = new Intl.NumberFormat(whole.resolvedOptions().locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: Math.max(6, digits),
    });
  }

  /** The amount in the display currency (a float: for display only, never summed). */
  amount(nanoUsd: number): number {
    return (nanoUsd / 1e9) * this.usdRate;
  }

  format(nanoUsd: number | null | undefined): string {
    if (nanoUsd === null || nanoUsd === undefined || !Number.isFinite(nanoUsd)) return UNKNOWN_AMOUNT;
    const amount = this.amount(nanoUsd);
    // Chosen on the rounded figure, so 0.9999999 reads "1.00", not "1.000000".
    const rounded = Math.abs(Number(amount.toFixed(6)));
    return rounded >= 1 || rounded === 0 ? this.#whole.format(amount) : this.#small.format(amount);
  }
}
