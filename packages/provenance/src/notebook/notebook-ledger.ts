import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ledgerPathFor } from "../ledger-format.js";
import { decodeEmbeddedLedger } from "./extract-ledger.js";
import { LedgerNotFoundError } from "./notebook-errors.js";
import type { Notebook } from "./notebook-file.js";

/** A notebook's ledger as a file to read: the one beside it, or its embedded copy in a scratch folder. */
export interface NotebookLedger {
  ledgerPath: string;
  source: "file" | "embedded";
  /** The embedded copy's bytes (checked against its sha256), or undefined when none is embedded. */
  embeddedCopy(): Buffer | undefined;
  /** Removes the scratch copy, if one was written. */
  dispose(): void;
}

/**
 * The ledger of a notebook. A shared notebook often travels without its ledger file: then its
 * embedded copy is decoded to a scratch file, so every reader (verify, report, export) streams a
 * file either way.
 */
export function notebookLedger(notebookPath: string, notebook: Notebook): NotebookLedger {
  const provenance = (notebook.metadata.discernus as { provenance?: { embedded?: unknown } } | undefined)
    ?.provenance;
  let decoded: Buffer | undefined;
  const embeddedCopy = () =>
    provenance?.embedded === undefined
      ? undefined
      : (decoded ??= decodeEmbeddedLedger(notebook, notebookPath));
  const beside = ledgerPathFor(notebookPath);
  if (existsSync(beside)) return { ledgerPath: beside, source: "file", embeddedCopy, dispose: () => {} };
  const bytes = embeddedCopy();
  if (!bytes)
    throw new LedgerNotFoundError(
      beside,
      "there is no ledger beside the notebook and none embedded in it: ask for the ledger, or for the notebook after `discernus embed`",
    );
  const scratch = mkdtempSync(join(tmpdir(), "discernus-ledger-"));
  const ledgerPath = join(scratch, basename(beside));
  writeFileSync(ledgerPath, bytes);
  return {
    ledgerPath,
    source: "embedded",
    embeddedCopy,
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
