import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { indexLedger } from "@discernus/provenance";
import { isRehearsalLedger } from "../rehearse/rehearsal-ledger-path.js";

/** What the project's other notebooks have spent, from their ledgers. */
export interface ProjectSpend {
  spentNanoUsd: number;
  /** Ledgers counted (this notebook's excluded). */
  ledgers: number;
  /** Ledgers that did not verify and so were not counted. */
  unreadable: string[];
}

const SKIP = new Set(["node_modules", ".git", ".ipynb_checkpoints"]);
// A project folder is a notebook tree, not a disk: deeper folders are not searched.
const MAX_DEPTH = 4;

async function findLedgers(dir: string, depth: number, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH && !SKIP.has(entry.name) && !entry.name.startsWith("."))
        await findLedgers(join(dir, entry.name), depth + 1, found);
    } else if (
      entry.isFile() &&
      entry.name.endsWith(".provenance.jsonl") &&
      // A rehearsal's records are simulated: they never count as spend.
      !isRehearsalLedger(entry.name)
    ) {
      found.push(join(dir, entry.name));
    }
  }
}

/**
 * The spend recorded in every ledger under the project's folder (where discernus.config.json is)
 * except `ownLedger`, read through their saved indexes where they fit, so the sidebar can show
 * project spend beside this notebook's.
 */
export async function projectSpend(root: string, ownLedger: string): Promise<ProjectSpend> {
  const ledgers: string[] = [];
  await findLedgers(resolve(root), 0, ledgers);
  const own = resolve(ownLedger);
  const result: ProjectSpend = { spentNanoUsd: 0, ledgers: 0, unreadable: [] };
  for (const path of ledgers) {
    if (path === own) continue;
    try {
      const { index, report } = await indexLedger(path);
      if (report.status === "corrupt") {
        result.unreadable.push(path);
        continue;
      }
      result.spentNanoUsd += index.totals.all.costNanoUsd;
      result.ledgers++;
    } catch {
      result.unreadable.push(path);
    }
  }
  return result;
}
