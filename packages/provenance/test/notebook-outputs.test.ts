import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LedgerWriter, ledgerPathFor } from "../src/index.js";
import { LedgerNotFoundError } from "../src/notebook/notebook-errors.js";
import { formatNotebook, type Notebook, type NotebookCell } from "../src/notebook/notebook-file.js";
import { verifyNotebookOutputs } from "../src/notebook/verify-outputs.js";

let dir: string;
let notebookPath: string;
let ledgerPath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "discernus-outputs-"));
  notebookPath = join(dir, "study.ipynb");
  ledgerPath = ledgerPathFor(notebookPath);
  const ledger = await LedgerWriter.open(ledgerPath, { notebook: "study.ipynb" });
  ledger.append("run", { run: "run-1", phase: "start", items: 2 });
  ledger.append("call", { call: "c1", tags: { run: "run-1" } });
  ledger.append("run", { run: "run-1", phase: "end", digest: "d1" });
  // Only a finished run counts: run-2 started and never ended (the kernel was interrupted).
  ledger.append("run", { run: "run-2", phase: "start", digest: "d2" });
  // A run-shaped object nested in a record is not a run record.
  ledger.append("call", {
    call: "c2",
    response: { json: { type: "run", phase: "end", run: "run-9", digest: "d9" } },
  });
  ledger.append("run", { run: "run-3", phase: "end", digest: "d3" });
  await ledger.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const result = (discernus: unknown) => ({
  output_type: "display_data",
  data: { "text/plain": "table" },
  metadata: discernus === undefined ? {} : { discernus },
});
const code = (...outputs: ReturnType<typeof result>[]): NotebookCell => ({
  cell_type: "code",
  execution_count: 1,
  metadata: {},
  source: "await analyze(corpus)",
  outputs,
});
const notebook = (...cells: NotebookCell[]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells,
});

describe("verifyNotebookOutputs", () => {
  it("passes outputs whose run and digest match a finished run in the ledger", async () => {
    const nb = notebook(
      { cell_type: "markdown", metadata: {}, source: "# Study" },
      code(result({ run: "run-1", digest: "d1" }), result(undefined)),
      code(result({ run: "run-3", digest: "d3" }), result({ telemetry: true })),
    );
    expect(await verifyNotebookOutputs(nb, ledgerPath)).toEqual({ checked: 2, mismatches: [] });
  });

  it("reports a changed digest and an unknown run id with their cell", async () => {
    const nb = notebook(
      code(result({ run: "run-1", digest: "d1" })),
      code(result({ run: "run-1", digest: "edited" })),
      { cell_type: "markdown", metadata: {}, source: "notes" },
      code(result({ run: "run-1", digest: "d1" }), result({ run: "run-9", digest: "d9" })),
      code(result({ run: "run-2", digest: "d2" })),
      code(result({ run: "run-3" })),
    );
    writeFileSync(notebookPath, formatNotebook(nb));
    const report = await verifyNotebookOutputs(notebookPath, ledgerPath);
    expect(report.checked).toBe(5);
    expect(
      report.mismatches.map(({ cell, output, run, problem }) => ({ cell, output, run, problem })),
    ).toEqual([
      { cell: 1, output: 0, run: "run-1", problem: "digest_differs" },
      { cell: 3, output: 1, run: "run-9", problem: "unknown_run" },
      { cell: 4, output: 0, run: "run-2", problem: "unknown_run" },
      { cell: 5, output: 0, run: "run-3", problem: "incomplete" },
    ]);
    expect(report.mismatches[0]!.detail).toMatch(/^cell 1, output 0: .*edited or comes from another run/);
    expect(report.mismatches[1]!.detail).toMatch(/^cell 3, output 1: run run-9 has no finished run record/);
  });

  it("names the missing ledger and how to get it", async () => {
    const gone = join(dir, "gone.provenance.jsonl");
    await expect(verifyNotebookOutputs(notebook(), gone)).rejects.toThrow(LedgerNotFoundError);
    await expect(verifyNotebookOutputs(notebook(), gone)).rejects.toThrow(`${gone}: no such ledger;`);
  });
});
