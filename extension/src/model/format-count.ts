const grouped = new Map<string, Intl.NumberFormat>();
const compact = new Map<string, Intl.NumberFormat>();

function cached(cache: Map<string, Intl.NumberFormat>, locale: string, options: Intl.NumberFormatOptions) {
  let format = cache.get(locale);
  if (!format) cache.set(locale, (format = new Intl.NumberFormat(locale || undefined, options)));
  return format;
}

/** A whole count with the locale's grouping: "12,345". */
export function formatCount(n: number, locale = ""): string {
  return cached(grouped, locale, { maximumFractionDigits: 0 }).format(n);
}

/** A count in few characters, for token figures in tight rows: "950", "12.3K", "4.1M". */
export function formatCompactCount(n: number, locale = ""): string {
  return cached(compact, locale, { notation: "compact", maximumFractionDigits: 1 }).format(n);
}
