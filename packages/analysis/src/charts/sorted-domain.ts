/**
 * The distinct values in code-unit order. Not `localeCompare`: a spec must come out the same
 * whatever the kernel's locale, so that re-running a notebook leaves its outputs unchanged.
 */
export function sortedDomain(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
