import { base64ToBytes } from "./base64.js";
import { EmbeddedLedgerInvalidError } from "./extension-errors.js";
import { gunzip } from "./gzip.js";
import { sha256Hex } from "./sha256-hex.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a notebook's `metadata.discernus` carries an embedded ledger at all. */
export function hasEmbeddedLedger(discernus: unknown): boolean {
  return isObject(discernus) && isObject(discernus.provenance) && isObject(discernus.provenance.embedded);
}

/**
 * The ledger text embedded in a notebook's `metadata.discernus` (`provenance.embedded`: gzip +
 * base64), checked against the size and sha256 recorded beside it, as `discernus extract` checks
 * it. `notebookPath` only names the notebook in errors.
 */
export async function decodeEmbeddedLedger(discernus: unknown, notebookPath: string): Promise<string> {
  if (!hasEmbeddedLedger(discernus))
    throw new EmbeddedLedgerInvalidError(notebookPath, "is absent (metadata.discernus.provenance.embedded)");
  const embedded = (
    (discernus as Record<string, Record<string, unknown>>).provenance as Record<string, unknown>
  ).embedded as Record<string, unknown>;
  if (embedded.encoding !== "gzip+base64")
    throw new EmbeddedLedgerInvalidError(
      notebookPath,
      `has encoding ${JSON.stringify(embedded.encoding)}, where "gzip+base64" was expected`,
    );
  if (typeof embedded.data !== "string" || typeof embedded.sha256 !== "string")
    throw new EmbeddedLedgerInvalidError(notebookPath, "lacks its data or its sha256");
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await gunzip(base64ToBytes(embedded.data));
  } catch (err) {
    throw new EmbeddedLedgerInvalidError(notebookPath, `does not decompress (${(err as Error).message})`);
  }
  if (bytes.byteLength !== Number(embedded.bytes))
    throw new EmbeddedLedgerInvalidError(
      notebookPath,
      `decodes to ${bytes.byteLength} bytes where ${String(embedded.bytes)} were embedded`,
    );
  if ((await sha256Hex(bytes)) !== embedded.sha256)
    throw new EmbeddedLedgerInvalidError(notebookPath, "does not match its sha256");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new EmbeddedLedgerInvalidError(notebookPath, "is not UTF-8 text");
  }
}
