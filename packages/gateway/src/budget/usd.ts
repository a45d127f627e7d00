/** Money is integer nano-dollars (1e-9 USD) everywhere; these convert at the edges. */
export function usdToNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

export function nanoUsdToUsd(nanoUsd: number): number {
  return nanoUsd / 1e9;
}

/** "$0.001234": six decimals below a dollar (cheap calls stay visible), two above. */
export function formatUsd(nanoUsd: number): string {
  const usd = nanoUsd / 1e9;
  return Math.abs(usd) >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(6)}`;
}
