import { ledgerPathFor } from "@discernus/provenance/browser";
import { decodeEmbeddedLedger, hasEmbeddedLedger } from "../model/decode-embedded-ledger.js";
import type { LedgerReader } from "./ledger-reader.js";

/** A notebook's ledger text, and where it came from. */
export interface NotebookLedgerText {
  text: string;
  origin: "file" | "embedded";
  /** The file's last_modified (origin "file"). */
  lastModified?: string;
}

/**
 * The ledger of `notebookPath`: the file beside it (`study.provenance.jsonl`), else the copy
 * embedded in the notebook's `metadata.discernus` (checked against its sha256), else undefined.
 */
export async function readNotebookLedger(
  reader: LedgerReader,
  notebookPath: string,
  discernusMetadata: unknown,
): Promise<NotebookLedgerText | undefined> {
  const file = await reader.read(ledgerPathFor(notebookPath));
  if (file) return { text: file.text, origin: "file", lastModified: file.lastModified };
  if (!hasEmbeddedLedger(discernusMetadata)) return undefined;
  return { text: await decodeEmbeddedLedger(discernusMetadata, notebookPath), origin: "embedded" };
}
