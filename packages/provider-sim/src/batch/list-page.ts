/** One page of a cursor-paginated list. */
export interface ListPage<T> {
  data: T[];
  hasMore: boolean;
}

/**
 * A page of `items` (already in listing order) after or before the item with a cursor id, as both
 * providers paginate: `after` gives the items following the cursor, `before` those preceding it
 * (the nearest `limit` of them). An unknown cursor gives an empty page.
 */
export function listPage<T extends { id: string }>(
  items: readonly T[],
  options: { limit: number; after?: string; before?: string },
): ListPage<T> {
  const { limit, after, before } = options;
  if (before !== undefined) {
    const end = items.findIndex((x) => x.id === before);
    if (end < 0) return { data: [], hasMore: false };
    const start = Math.max(0, end - limit);
    return { data: items.slice(start, end), hasMore: start > 0 };
  }
  const start = after === undefined ? 0 : items.findIndex((x) => x.id === after) + 1;
  if (after !== undefined && start === 0) return { data: [], hasMore: false };
  return { data: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

/** A `limit` query parameter: a whole number in [1, max], `fallback` when absent; else an error message. */
export function parseLimit(raw: string | null, fallback: number, max: number): number | string {
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    return `limit must be a whole number from 1 to ${max}, got '${raw}'.`;
  return limit;
}
