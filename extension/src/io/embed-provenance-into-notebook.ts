import { ledgerPathFor, type ProvenanceMetadata } from "@discernus/provenance/browser";
import type { NotebookPanel } from "@jupyterlab/notebook";
import { buildProvenanceMetadata, withProvenance } from "../model/build-provenance-metadata.js";
import { LedgerNotFoundError } from "../model/extension-errors.js";
import type { LedgerReader } from "./ledger-reader.js";

/**
 * Writes the notebook's ledger (complete lines, gzip + base64) with its record count, head and
 * totals into `metadata.discernus.provenance`, as `discernus embed` does, and saves the notebook
 * through its context (so the lab's own save, checkpoints and dirty state stay right).
 */
export async function embedProvenanceIntoNotebook(
  reader: LedgerReader,
  panel: NotebookPanel,
): Promise<ProvenanceMetadata> {
  const notebookPath = panel.context.path;
  const ledgerPath = ledgerPathFor(notebookPath);
  const file = await reader.read(ledgerPath);
  if (!file) throw new LedgerNotFoundError(ledgerPath);
  const provenance = await buildProvenanceMetadata(file.text, { notebookPath, ledgerPath });
  const model = panel.context.model;
  model.setMetadata("discernus", withProvenance(model.getMetadata("discernus"), provenance));
  await panel.context.save();
  return provenance;
}
