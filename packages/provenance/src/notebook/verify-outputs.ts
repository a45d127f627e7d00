import { existsSync } from "node:fs";
import { readLedgerLines } from "../read/ledger-lines.js";
import type { RunRecordFields } from "../records/ledger-records.js";
import { LedgerNotFoundError } from "./notebook-errors.js";
import { readNotebook, type Notebook } from "./notebook-file.js";

export interface OutputMismatch {
  /** 0-based index of the cell in the notebook. */
  cell: number;
  /** 0-based index of the output in the cell. */
  output: number;
  /** The run id the output claims ("" when it names none). */
  run: string;
  /**
   * unknown_run: no finished run with that id in the ledger. digest_differs: the run is there but
   * its result had another digest, so the output was edited or comes from another run.
   * incomplete: the output's metadata.discernus lacks its run id or its digest.
   */
  problem: "unknown_run" | "digest_differs" | "incomplete";
  /** A sentence naming the cell and what to do. */
  detail: string;
}

export interface OutputsReport {
  /** Outputs that carry a run id and digest, all checked against the ledger. */
  checked: number;
  mismatches: OutputMismatch[];
}

interface Claim {
  cell: number;
  output: number;
  run: string;
  digest: string;
}

/** Every output that says which run made it, and the ones whose claim is malformed. */
function collectClaims(notebook: Notebook): { claims: Claim[]; incomplete: OutputMismatch[] } {
  const claims: Claim[] = [];
  const incomplete: OutputMismatch[] = [];
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== "code" || !Array.isArray(cell.outputs)) return;
    cell.outputs.forEach((output, outputIndex) => {
      const tag = (output?.metadata as { discernus?: unknown } | undefined)?.discernus;
      if (tag === null || typeof tag !== "object") return;
      const { run, digest } = tag as { run?: unknown; digest?: unknown };
      if (run === undefined && digest === undefined) return; // other Discernus metadata (telemetry)
      if (typeof run === "string" && typeof digest === "string") {
        claims.push({ cell: cellIndex, output: outputIndex, run, digest });
        return;
      }
      incomplete.push({
        cell: cellIndex,
        output: outputIndex,
        run: typeof run === "string" ? run : "",
        problem: "incomplete",
        detail: `cell ${cellIndex}, output ${outputIndex}: metadata.discernus lacks its ${typeof run === "string" ? "digest" : "run id"}, so it cannot be tied to the ledger; re-run the cell.`,
      });
    });
  });
  return { claims, incomplete };
}

/**
 * Ties what a notebook shows to its ledger: each output carrying `metadata.discernus.{run, digest}`
 * must match a `run` record with phase "end", the same run id and the same digest. Streams the ledger
 * (memory grows with the notebook's outputs, not the ledger). It does not check the ledger's hash
 * chain: run verifyLedger for that.
 */
export async function verifyNotebookOutputs(
  notebook: Notebook | string,
  ledgerPath: string,
): Promise<OutputsReport> {
  const nb = typeof notebook === "string" ? await readNotebook(notebook) : notebook;
  const { claims, incomplete } = collectClaims(nb);
  if (!existsSync(ledgerPath))
    throw new LedgerNotFoundError(
      ledgerPath,
      "the notebook's outputs can only be checked against its ledger: extract it from the notebook (extractLedger) or pass its path",
    );

  // Digests of the finished runs the notebook refers to; other runs are skipped.
  const wanted = new Map<string, Set<string>>(claims.map((c) => [c.run, new Set<string>()]));
  if (wanted.size > 0) {
    for await (const { lineNo, text } of readLedgerLines(ledgerPath)) {
      // Canonical JSON writes a top-level type as "type":"run"; parse only lines that may be runs.
      if (lineNo === 1 || !text.includes('"type":"run"')) continue;
      let record: Partial<RunRecordFields> & { type?: unknown };
      try {
        record = JSON.parse(text) as typeof record;
      } catch {
        continue; // verifyLedger reports unreadable lines
      }
      if (record.type !== "run" || record.phase !== "end" || typeof record.digest !== "string") continue;
      wanted.get(String(record.run))?.add(record.digest);
    }
  }

  const mismatches = [...incomplete];
  for (const claim of claims) {
    const digests = wanted.get(claim.run);
    const where = `cell ${claim.cell}, output ${claim.output}`;
    if (!digests || digests.size === 0)
      mismatches.push({
        ...claim,
        problem: "unknown_run",
        detail: `${where}: run ${claim.run} has no finished run record in ${ledgerPath}; the output comes from another ledger or an interrupted run. Re-run the cell, or check that this is the notebook's ledger.`,
      });
    else if (!digests.has(claim.digest))
      mismatches.push({
        ...claim,
        problem: "digest_differs",
        detail: `${where}: its digest differs from run ${claim.run}'s in the ledger; the output was edited or comes from another run. Re-run the cell to show the recorded result.`,
      });
  }
  mismatches.sort((a, b) => a.cell - b.cell || a.output - b.output);
  return {
    checked: claims.length,
    mismatches: mismatches.map(({ cell, output, run, problem, detail }) => ({
      cell,
      output,
      run,
      problem,
      detail,
    })),
  };
}
