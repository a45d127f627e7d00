/**
 * What a notebook's `metadata.discernus.provenance` recorded of its ledger when it was embedded:
 * the record count and the chain's head at that count. A hash chain alone cannot tell that its
 * last lines were changed or cut; this anchor can (docs/ledger-format.md).
 */
export interface RecordedHead {
  records: number;
  head: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The recorded count and head in a notebook's `metadata.discernus`, or undefined when it records none. */
export function recordedHead(discernus: unknown): RecordedHead | undefined {
  if (!isObject(discernus) || !isObject(discernus.provenance)) return undefined;
  const { records, head } = discernus.provenance;
  if (typeof records !== "number" || !Number.isSafeInteger(records) || records < 0) return undefined;
  if (typeof head !== "string" || head === "") return undefined;
  return { records, head };
}

/** Whether two recordings name the same point of the chain. */
export function sameRecordedHead(a: RecordedHead | undefined, b: RecordedHead | undefined): boolean {
  return a?.records === b?.records && a?.head === b?.head;
}
