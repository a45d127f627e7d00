import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { summarizeLedger } from "../index/summarize-ledger.js";
import type { LedgerTotals } from "../index/ledger-totals.js";
import type { VerifyReport } from "../verify-ledger.js";
import { readNotebook, type Notebook } from "./notebook-file.js";
import { notebookLedger } from "./notebook-ledger.js";
import { verifyNotebookOutputs } from "./verify-outputs.js";

export interface NotebookCheck {
  name: "ledger" | "notebook" | "recorded_head" | "embedded_copy" | "outputs";
  ok: boolean;
  detail: string;
}

export interface NotebookVerification {
  notebookPath: string;
  /** The ledger file checked, or the notebook itself when only its embedded copy exists. */
  ledgerPath: string;
  ledgerSource: "file" | "embedded";
  ledger: VerifyReport;
  totals: LedgerTotals;
  checks: NotebookCheck[];
  /** True only when every check holds. */
  ok: boolean;
}

interface RecordedProvenance {
  records?: number;
  head?: string;
}

function recordedProvenance(notebook: Notebook): RecordedProvenance | undefined {
  const discernus = notebook.metadata.discernus as { provenance?: RecordedProvenance } | undefined;
  return discernus?.provenance;
}

/** Whether `prefix` is the start of the file at `path`. */
function fileStartsWith(path: string, prefix: Buffer): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(prefix.length);
    const n = readSync(fd, head, 0, prefix.length, 0);
    return n === prefix.length && head.equals(prefix);
  } finally {
    closeSync(fd);
  }
}

/**
 * Everything that ties a notebook to its calls: the ledger verifies (chain, sequence, schema, run
 * totals), it is this notebook's, its record at the count the notebook recorded has the head the
 * notebook recorded (a hash chain alone cannot tell that its last lines were changed or cut), the
 * embedded copy is the start of the ledger file, and every output with a run id and digest matches
 * its run. A shared notebook with no ledger beside it is checked against its embedded copy.
 */
export async function verifyNotebook(notebookPath: string): Promise<NotebookVerification> {
  const notebook = await readNotebook(notebookPath);
  const recorded = recordedProvenance(notebook);
  const ledgerFile = notebookLedger(notebookPath, notebook);
  const { ledgerPath, source: ledgerSource } = ledgerFile;
  // Decoded (and its sha256 checked) whenever one is embedded, even beside a ledger file.
  const embedded = ledgerFile.embeddedCopy();
  try {
    const anchor = recorded?.records;
    const summary = await summarizeLedger(ledgerPath, anchor !== undefined ? [anchor] : []);
    const ledger = summary.verify;
    const checks: NotebookCheck[] = [];
    checks.push({
      name: "ledger",
      ok: ledger.status === "verified",
      detail:
        ledger.status === "verified"
          ? `${ledger.records} records, hash chain, sequence and schema hold`
          : (ledger.problem?.problem ?? ledger.status),
    });
    const own = ledger.notebook !== undefined && basename(ledger.notebook) === basename(notebookPath);
    checks.push({
      name: "notebook",
      ok: own,
      detail: own
        ? `the ledger is ${basename(notebookPath)}'s`
        : `the ledger's header names ${JSON.stringify(ledger.notebook)}, not ${basename(notebookPath)}: it is another notebook's ledger`,
    });
    if (anchor !== undefined && typeof recorded?.head === "string" && anchor > 0) {
      const head = summary.headAt(anchor);
      checks.push({
        name: "recorded_head",
        ok: head === recorded.head,
        detail:
          head === recorded.head
            ? `record ${anchor} has the head the notebook recorded (${recorded.head.slice(0, 12)}...)`
            : head === undefined
              ? `the notebook recorded ${anchor} records but the ledger verifies only ${ledger.records}: records were removed, or the ledger is not the one the notebook was saved with`
              : `record ${anchor} has head ${head.slice(0, 12)}... where the notebook recorded ${recorded.head.slice(0, 12)}...: the ledger was changed after the notebook was saved`,
      });
    }
    if (embedded && ledgerSource === "file") {
      const prefix = fileStartsWith(ledgerPath, embedded);
      checks.push({
        name: "embedded_copy",
        ok: prefix,
        detail: prefix
          ? `the embedded copy (${embedded.length} bytes) is the start of the ledger file`
          : "the embedded copy is not the start of the ledger file: one of them was changed; `discernus extract --force` restores the embedded one",
      });
    }
    const outputs = await verifyNotebookOutputs(notebook, ledgerPath);
    checks.push({
      name: "outputs",
      ok: outputs.mismatches.length === 0,
      detail:
        outputs.mismatches.length === 0
          ? `${outputs.checked} output(s) with a run id match their run's digest`
          : outputs.mismatches.map((m) => m.detail).join("\n"),
    });
    return {
      notebookPath,
      ledgerPath: ledgerSource === "file" ? ledgerPath : notebookPath,
      ledgerSource,
      ledger,
      totals: summary.totals,
      checks,
      ok: checks.every((c) => c.ok),
    };
  } finally {
    ledgerFile.dispose();
  }
}
