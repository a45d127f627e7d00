/** Money is integer nano-dollars (1e-9 USD) everywhere inside; these convert at the edges. */

/** Dollars to the nearest nano-dollar: 0.1 + 0.2 dollars is exactly 300,000,000. */
export function usdToNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

export function nanoUsdToUsd(nanoUsd: number): number {
  return nanoUsd / 1e9;
}

/** "$0.001235": six decimals below a dollar, so cheap calls stay visible; "$12.35" above. */
export function formatUsd(nanoUsd: number): string {
  const usd = nanoUsd / 1e9;
  const sign = usd < 0 ? "-" : "";
  const sixDecimals = Math.abs(usd).toFixed(6);
  // Chosen on the rounded figure, so $0.9999999 reads "$1.00", not "$1.000000".
  return `${sign}$${Number(sixDecimals) >= 1 ? Math.abs(usd).toFixed(2) : sixDecimals}`;
}
