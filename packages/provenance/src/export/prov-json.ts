import type { LedgerHeader } from "../ledger-format.js";
import { canonicalJson } from "@discernus/gateway";
import type { ProvDocument } from "./prov-document.js";
import { ProvJsonBuilder } from "./prov-json-builder.js";
import { readLedgerRecords } from "./read-ledger-records.js";

export {
  DISCERNUS_PROV_NAMESPACE,
  type ProvAttributes,
  type ProvDocument,
  type ProvLiteral,
} from "./prov-document.js";
export { ProvJsonBuilder } from "./prov-json-builder.js";

/** The PROV-JSON document of a ledger's header and records (pure: give it records from anywhere). */
export async function toProvJson(
  records: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  header: Pick<LedgerHeader, "notebook" | "tools">,
): Promise<ProvDocument> {
  const builder = new ProvJsonBuilder(header);
  for await (const record of records) builder.add(record);
  return builder.document();
}

/** Canonical JSON (sorted keys, no spaces), so the same ledger always gives the same bytes. */
export function provJsonText(document: ProvDocument): string {
  return `${canonicalJson(document)}\n`;
}

/** Reads the ledger at `path` and returns its PROV-JSON document as text. */
export async function exportProvJson(path: string): Promise<string> {
  const { header, records } = await readLedgerRecords(path);
  return provJsonText(await toProvJson(records, header));
}
