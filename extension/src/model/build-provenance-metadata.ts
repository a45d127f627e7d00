import { addRecordToTotals, emptyTotals, type ProvenanceMetadata } from "@discernus/provenance/browser";
import { bytesToBase64 } from "./base64.js";
import { LedgerDoesNotVerifyError, LedgerNotebookMismatchError } from "./extension-errors.js";
import { gzip } from "./gzip.js";
import { baseName } from "./path-names.js";
import { readLedgerText, type ReadLedgerOptions } from "./read-ledger-text.js";
import { sha256Hex } from "./sha256-hex.js";
import { encodeUtf8 } from "./utf8.js";

export interface BuildProvenanceOptions {
  /** The notebook's server path (`dir/study.ipynb`). */
  notebookPath: string;
  /** The ledger's server path (`dir/study.provenance.jsonl`). */
  ledgerPath: string;
  /** Passed to the reader (tests inject the yield). */
  read?: Pick<ReadLedgerOptions, "yieldToEventLoop" | "linesPerSlice" | "signal">;
}

/**
 * `metadata.discernus.provenance` for a notebook, from its ledger's text: the shape
 * packages/provenance's `embedLedger` writes (file name, records, head, totals, and the ledger as
 * gzip + base64 with the sha256 and size of its raw bytes). Only complete lines are embedded: a
 * kernel may be appending right now. Refuses a ledger that does not verify, or whose header names
 * another notebook.
 */
export async function buildProvenanceMetadata(
  ledgerText: string,
  options: BuildProvenanceOptions,
): Promise<ProvenanceMetadata> {
  const { notebookPath, ledgerPath } = options;
  const complete = ledgerText.slice(0, ledgerText.lastIndexOf("\n") + 1);
  const totals = emptyTotals();
  const read = await readLedgerText(complete, {
    ...options.read,
    onRecord: (record) => addRecordToTotals(totals, record),
  });
  const report = read.report;
  if (!report || report.status !== "verified" || report.head === undefined)
    throw new LedgerDoesNotVerifyError(ledgerPath, report?.problem?.problem ?? "it is empty");
  if (report.notebook === undefined || baseName(report.notebook) !== baseName(notebookPath))
    throw new LedgerNotebookMismatchError(ledgerPath, report.notebook ?? "no notebook", notebookPath);

  const bytes = encodeUtf8(complete);
  const [sha256, compressed] = await Promise.all([sha256Hex(bytes), gzip(bytes)]);
  return {
    ledger: baseName(ledgerPath),
    records: report.records,
    head: report.head,
    totals: totals as unknown as Record<string, unknown>,
    embedded: { encoding: "gzip+base64", sha256, bytes: bytes.byteLength, data: bytesToBase64(compressed) },
  };
}

/**
 * The notebook's `metadata.discernus` with `provenance` replaced (embedding twice leaves one copy);
 * its other keys are kept.
 */
export function withProvenance(discernus: unknown, provenance: ProvenanceMetadata): Record<string, unknown> {
  const previous =
    typeof discernus === "object" && discernus !== null && !Array.isArray(discernus)
      ? (discernus as Record<string, unknown>)
      : {};
  return { ...previous, provenance };
}
