import type { LedgerRecord } from "@discernus/provenance/browser";

/**
 * The record of call `callId` (a `call` or `cache_hit` whose `call` field is that id) in a
 * ledger's text, or undefined. Looks for the id's text first and parses only the lines that hold
 * it, so a click on a recent call does not parse a 10,000-record ledger.
 */
export function findCallRecord(text: string, callId: string): LedgerRecord | undefined {
  const needle = `"call":${JSON.stringify(callId)}`;
  let at = text.indexOf(needle);
  while (at >= 0) {
    const start = text.lastIndexOf("\n", at) + 1;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    try {
      const record = JSON.parse(text.slice(start, end)) as LedgerRecord;
      // A cache hit names the call that paid in `original.call`: only a top-level `call` matches.
      if (record.call === callId && (record.type === "call" || record.type === "cache_hit")) return record;
    } catch {
      // A partial last line (a write in progress) is not a record yet.
    }
    at = text.indexOf(needle, end);
  }
  return undefined;
}
