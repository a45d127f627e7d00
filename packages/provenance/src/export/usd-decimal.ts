/**
 * Integer nano-USD as an exact decimal string of dollars: 1_234_567 -> "0.001234567",
 * 2_500_000_000 -> "2.5". No floating point on the way, so the figure is the ledger's to the last
 * nano-dollar (xsd:decimal, and what an auditor sums without drift).
 */
export function usdDecimal(nanoUsd: number): string {
  if (!Number.isSafeInteger(nanoUsd))
    throw new RangeError(`usdDecimal: ${nanoUsd} is not an integer nano-USD amount`);
  const sign = nanoUsd < 0 ? "-" : "";
  const abs = Math.abs(nanoUsd);
  const whole = Math.floor(abs / 1e9);
  const fraction = String(abs % 1e9)
    .padStart(9, "0")
    .replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}
