import { existsSync } from "node:fs";
import { ledgerPathFor, notebookLedger, readNotebook } from "@discernus/provenance";

/** A ledger named on the command line, directly or through its notebook. */
export interface LedgerInput {
  ledgerPath: string;
  notebookPath?: string;
  /** Where the ledger came from, for the output: a file, or the notebook's embedded copy. */
  source: string;
  /** Removes a ledger decoded from a notebook into a scratch folder. */
  dispose(): void;
}

export class UsageError extends Error {}

/**
 * `study.ipynb` means its ledger beside it, or its embedded copy when none is there;
 * `study.provenance.jsonl` means that ledger.
 */
export async function ledgerInput(path: string | undefined, command: string): Promise<LedgerInput> {
  if (path === undefined)
    throw new UsageError(`discernus ${command}: name a notebook (.ipynb) or a ledger (.provenance.jsonl).`);
  if (!existsSync(path)) throw new UsageError(`discernus ${command}: ${path}: no such file. Check the path.`);
  if (!/\.ipynb$/i.test(path)) return { ledgerPath: path, source: path, dispose: () => {} };
  const beside = ledgerPathFor(path);
  if (existsSync(beside))
    return { ledgerPath: beside, notebookPath: path, source: beside, dispose: () => {} };
  // Read only now: with a ledger beside it, the notebook itself is not needed.
  const embedded = notebookLedger(path, await readNotebook(path));
  return {
    ledgerPath: embedded.ledgerPath,
    notebookPath: path,
    source: `${path} (embedded copy)`,
    dispose: embedded.dispose,
  };
}
