import { describe, expect, it } from "vitest";
import type { Notebook, NotebookOutput } from "@discernus/provenance";
import { compareNotebookOutputs, TELEMETRY_MIME } from "../src/index.js";

const nb = (...cells: NotebookOutput[][]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", metadata: {}, source: "# a study" },
    ...cells.map((outputs) => ({ cell_type: "code", metadata: {}, source: "", outputs })),
  ],
});
const stdout = (text: string): NotebookOutput => ({ output_type: "stream", name: "stdout", text: [text] });
const result = (run: string, digest: string, text: string): NotebookOutput => ({
  output_type: "display_data",
  metadata: { discernus: { run, digest } },
  data: { "text/plain": text },
});
const progress = (run: string, text: string): NotebookOutput => ({
  output_type: "display_data",
  metadata: { discernus: { telemetry: { run, state: "done" } } },
  data: { [TELEMETRY_MIME]: "{}", "text/plain": text },
});
const CONTEXT = { storedFolders: ["/home/ada/study"], reproducedFolders: ["/tmp/repro-1", "/data/shared"] };

describe("compareNotebookOutputs", () => {
  it("reads the reproduced run ids, folders and session mode as the stored ones, and says it did", () => {
    const stored = nb(
      [
        stdout(
          "Discernus session (live): /home/ada/study/s.ipynb\nconfig /home/ada/study/discernus.config.json",
        ),
      ],
      [progress("run-A", "80/80 · 2.1 s · done"), result("run-A", "d1", "run run-A, digest d1")],
      [stdout("a\n"), stdout("b\n")],
    );
    const reproduced = nb(
      [stdout("Discernus session (replay): /tmp/repro-1/s.ipynb\nconfig /data/shared/discernus.config.json")],
      [progress("run-B", "80/80 · 0.4 s · done"), result("run-B", "d1", "run run-B, digest d1")],
      [stdout("a\nb\n")],
    );
    const cells = compareNotebookOutputs(stored, reproduced, CONTEXT);
    expect(cells.map((c) => [c.cell, c.index, c.status])).toEqual([
      [1, 1, "identical"],
      [2, 2, "identical"],
      [3, 3, "identical"],
    ]);
    expect(cells[0]!.normalized).toEqual(["notebook folder", "session mode"]);
    // The progress line's timing is not a result: left out, and counted as left out.
    expect(cells[1]).toMatchObject({ compared: 2, skipped: 2, normalized: ["run ids"] });
  });

  it("names the part and the line that differ, a different result digest, and a missing output", () => {
    const stored = nb([result("r1", "d1", "mean 0.5\nalpha 0.81")], [stdout("cost $0.10\n")]);
    const reproduced = nb([result("r2", "d2", "mean 0.5\nalpha 0.62")], []);
    const [first, second] = compareNotebookOutputs(stored, reproduced, CONTEXT);
    expect(first!.status).toBe("differs");
    expect(first!.detail.split("\n")).toEqual([
      'result digest, line 1: stored "d1", reproduced "d2"',
      'text/plain, line 2: stored "alpha 0.81", reproduced "alpha 0.62"',
    ]);
    expect(second!.detail).toBe("outputs: stored [stdout stream], reproduced [none]");
  });

  it("marks the cell that raised and the cells after it", () => {
    const stored = nb([stdout("x")], [stdout("y")], [stdout("z")]);
    const reproduced = nb(
      [stdout("x")],
      [{ output_type: "error", ename: "ReplayMissError", evalue: "no answer" }],
      [],
    );
    const cells = compareNotebookOutputs(stored, reproduced, {
      ...CONTEXT,
      failure: { cell: 2, message: "ReplayMissError: no answer\nat ..." },
    });
    expect(cells.map((c) => c.status)).toEqual(["identical", "failed", "not_run"]);
    expect(cells[1]!.detail).toBe("raised in the reproduction: ReplayMissError: no answer");
    expect(cells[2]!.detail).toBe("not run: code cell 2 failed");
  });
});
