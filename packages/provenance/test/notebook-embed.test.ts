import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LedgerWriter, ledgerPathFor } from "../src/index.js";
import { embedLedger, type LedgerSummary } from "../src/notebook/embed-ledger.js";
import { extractLedger } from "../src/notebook/extract-ledger.js";
import {
  EmbeddedLedgerCorruptError,
  LedgerExistsError,
  LedgerNotebookMismatchError,
  LedgerNotEmbeddedError,
  NotebookInvalidError,
  NotebookNotFoundError,
} from "../src/notebook/notebook-errors.js";
import { readNotebook, writeNotebook } from "../src/notebook/notebook-file.js";

const PYTHON = "/usr/bin/python3"; // Debian's, with python3-nbformat; the python3 on PATH has no Jupyter
const python = (script: string, ...args: string[]) =>
  spawnSync(PYTHON, ["-c", script, ...args], { encoding: "utf8" });
const nbformatValidate = (path: string) =>
  python("import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path);
/** Rewrites a notebook the way JupyterLab saves it (jupyter_server calls nbformat.write). */
const saveWithJupyter = (path: string) =>
  expect(
    python("import nbformat,sys; nbformat.write(nbformat.read(sys.argv[1], as_version=4), sys.argv[1])", path)
      .status,
  ).toBe(0);

/**
 * A tslab notebook as Jupyter saves it: a markdown cell, a code cell with a stream output, and one
 * whose outputs carry Discernus metadata and numbers JavaScript prints otherwise (1.0, 1e-05, -0.0,
 * an integer beyond 2^53), non-ASCII text, a control character, and keys whose code-point order
 * differs from UTF-16 order.
 */
const STUDY = String.raw`{"cells":[
{"cell_type":"markdown","id":"intro","metadata":{},"source":"# Populism in speeches\nScored by three models — ünïcödé ✓ 📊"},
{"cell_type":"code","execution_count":1,"id":"load","metadata":{"tags":["setup"]},"outputs":[{"name":"stdout","output_type":"stream","text":"loaded 12 texts\n"}],"source":"const corpus = load(\"speeches\");\ncorpus.length"},
{"cell_type":"code","execution_count":2,"id":"score","metadata":{"\uffff":1,"𝒳":2,"Z":3,"é":4},"outputs":[
 {"data":{"application/json":{"score":1.0,"tiny":1e-05,"zero":-0.0,"big":12345678901234567890,"ctl":"a\u0001b\u2028c"},"text/html":"<table><tr><td>0.42</td></tr></table>","text/plain":"table"},"execution_count":2,"metadata":{"discernus":{"digest":"d1","run":"run-1"}},"output_type":"execute_result"},
 {"data":{"text/markdown":"**Agreement**: α = 0.81"},"metadata":{"discernus":{"digest":"d2","run":"run-2"}},"output_type":"display_data"}
],"source":"await analyze(corpus, { framework, models })"}],
"metadata":{"kernelspec":{"display_name":"TypeScript","language":"typescript","name":"tslab"},"language_info":{"codemirror_mode":{"mode":"typescript","name":"javascript","typescript":true},"file_extension":".ts","mimetype":"text/typescript","name":"typescript","version":"5.9.3"}},
"nbformat":4,"nbformat_minor":5}`;

let dir: string;
let notebookPath: string;
let ledgerPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "discernus-embed-"));
  notebookPath = join(dir, "study.ipynb");
  ledgerPath = ledgerPathFor(notebookPath);
  writeFileSync(notebookPath, STUDY);
  saveWithJupyter(notebookPath);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeLedger(path: string, notebook: string, records: number): Promise<LedgerSummary> {
  const ledger = await LedgerWriter.open(path, { notebook, tools: { discernus: "0.1.0" } });
  for (let i = 0; i < records; i++)
    ledger.append("call", { call: `c${i}`, text: `réponse n°${i} — 回答`, costNanoUsd: 1200 + i });
  ledger.append("run", { run: "run-1", phase: "end", digest: "d1" });
  await ledger.close();
  return { records: ledger.seq, head: ledger.head, totals: { calls: records, costNanoUsd: 1234 } };
}

describe("embedding a ledger in its notebook", () => {
  it("writes a notebook that passes nbformat's own validator, which does reject a broken one", async () => {
    const summary = await writeLedger(ledgerPath, "study.ipynb", 40);
    await embedLedger(notebookPath, { summary });
    const check = nbformatValidate(notebookPath);
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);

    const broken = JSON.parse(readFileSync(notebookPath, "utf8")) as { cells: Record<string, unknown>[] };
    delete broken.cells[1]!.outputs;
    writeFileSync(join(dir, "broken.ipynb"), JSON.stringify(broken));
    const rejected = nbformatValidate(join(dir, "broken.ipynb"));
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain("ValidationError");
  });

  it("keeps the bytes of a notebook Jupyter saved, and writes exactly nbformat's layout", async () => {
    const saved = readFileSync(notebookPath, "utf8");
    for (const written of [
      '"score": 1.0',
      '"tiny": 1e-05',
      '"zero": -0.0',
      "12345678901234567890",
      "\\u0001",
    ])
      expect(saved).toContain(written);
    await writeNotebook(notebookPath, await readNotebook(notebookPath));
    expect(readFileSync(notebookPath, "utf8")).toBe(saved);

    await embedLedger(notebookPath, { summary: await writeLedger(ledgerPath, "study.ipynb", 5) });
    const ours = readFileSync(notebookPath, "utf8");
    saveWithJupyter(notebookPath);
    expect(readFileSync(notebookPath, "utf8")).toBe(ours);
    // The cells are untouched: only the metadata block changed.
    const cells = (text: string) => text.slice(0, text.indexOf('\n "metadata": {'));
    expect(cells(ours)).toBe(cells(saved));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("gives back the same ledger bytes on extraction", async () => {
    const summary = await writeLedger(ledgerPath, "study.ipynb", 300);
    const original = readFileSync(ledgerPath);
    const written = await embedLedger(notebookPath, { summary });
    expect(written).toMatchObject({
      ledger: "study.provenance.jsonl",
      records: 301,
      head: summary.head,
      totals: { calls: 300, costNanoUsd: 1234 },
      embedded: { encoding: "gzip+base64", bytes: original.length },
    });

    unlinkSync(ledgerPath);
    expect(await extractLedger(notebookPath)).toBe(ledgerPath);
    expect(readFileSync(ledgerPath).equals(original)).toBe(true);
    const elsewhere = join(dir, "copy.jsonl");
    expect(await extractLedger(notebookPath, { to: elsewhere })).toBe(elsewhere);
    expect(readFileSync(elsewhere).equals(original)).toBe(true);
  });

  it("replaces the embedded copy when embedding twice, keeping other Discernus metadata", async () => {
    await embedLedger(notebookPath, { summary: await writeLedger(ledgerPath, "study.ipynb", 3) });
    const nb = await readNotebook(notebookPath);
    (nb.metadata.discernus as Record<string, unknown>).config = { budgetUsd: 5 };
    await writeNotebook(notebookPath, nb);

    const ledger = await LedgerWriter.open(ledgerPath, { notebook: "study.ipynb" });
    ledger.append("budget", { action: "cap", capNanoUsd: 5e9, spentNanoUsd: 0, reservedNanoUsd: 0 });
    await ledger.close();
    const summary = { records: ledger.seq, head: ledger.head, totals: { calls: 3 } };
    await embedLedger(notebookPath, { summary });

    const text = readFileSync(notebookPath, "utf8");
    expect(text.split('"provenance"').length).toBe(2);
    expect(text.split("gzip+base64").length).toBe(2);
    const discernus = (await readNotebook(notebookPath)).metadata.discernus as Record<string, unknown>;
    expect(discernus.config).toEqual({ budgetUsd: 5 });
    expect(discernus.provenance).toMatchObject({ records: 5, head: ledger.head });

    // A summary-only embed drops the stale copy rather than leaving one that no longer matches.
    await embedLedger(notebookPath, { summary, includeLedger: false });
    const summaryOnly = (await readNotebook(notebookPath)).metadata.discernus as Record<string, unknown>;
    expect(summaryOnly.provenance).toEqual({
      ledger: "study.provenance.jsonl",
      records: 5,
      head: ledger.head,
      totals: { calls: 3 },
    });
    await expect(extractLedger(notebookPath)).rejects.toThrow(LedgerNotEmbeddedError);
  });

  it("refuses the ledger of another notebook, naming both", async () => {
    const otherLedger = join(dir, "other.provenance.jsonl");
    const summary = await writeLedger(otherLedger, "other.ipynb", 2);
    const before = readFileSync(notebookPath);
    for (const includeLedger of [true, false]) {
      const attempt = embedLedger(notebookPath, { ledgerPath: otherLedger, summary, includeLedger });
      await expect(attempt).rejects.toThrow(LedgerNotebookMismatchError);
      await expect(attempt).rejects.toThrow(
        `${otherLedger} is the ledger of "other.ipynb" (its header says so), not of ${notebookPath}`,
      );
    }
    expect(readFileSync(notebookPath).equals(before)).toBe(true);
  });

  it("refuses to embed when there is no ledger, saying how to get one", async () => {
    await expect(
      embedLedger(notebookPath, { summary: { records: 0, head: "", totals: {} } }),
    ).rejects.toThrow(`${ledgerPath}: no such ledger; run the notebook with Discernus first`);
  });
});

describe("extracting an embedded ledger", () => {
  it("leaves an equal ledger alone and refuses a different one unless forced", async () => {
    await embedLedger(notebookPath, { summary: await writeLedger(ledgerPath, "study.ipynb", 4) });
    const embedded = readFileSync(ledgerPath);
    expect(await extractLedger(notebookPath)).toBe(ledgerPath);

    const ledger = await LedgerWriter.open(ledgerPath, { notebook: "study.ipynb" });
    ledger.append("call", { call: "later" });
    await ledger.close();
    const longer = readFileSync(ledgerPath);
    const refused = extractLedger(notebookPath);
    await expect(refused).rejects.toThrow(LedgerExistsError);
    await expect(refused).rejects.toThrow(/already exists and differs .* pass force: true/);
    expect(readFileSync(ledgerPath).equals(longer)).toBe(true);

    await extractLedger(notebookPath, { force: true });
    expect(readFileSync(ledgerPath).equals(embedded)).toBe(true);
  });

  it("refuses an embedded copy that was changed after embedding", async () => {
    await embedLedger(notebookPath, { summary: await writeLedger(ledgerPath, "study.ipynb", 4) });
    unlinkSync(ledgerPath);
    const nb = await readNotebook(notebookPath);
    const embedded = (
      nb.metadata.discernus as { provenance: { embedded: { sha256: string; bytes: number } } }
    ).provenance.embedded;
    embedded.sha256 = "0".repeat(64);
    await writeNotebook(notebookPath, nb);
    await expect(extractLedger(notebookPath)).rejects.toThrow(EmbeddedLedgerCorruptError);
    await expect(extractLedger(notebookPath)).rejects.toThrow("does not match its sha256");

    embedded.bytes += 1;
    await writeNotebook(notebookPath, nb);
    await expect(extractLedger(notebookPath)).rejects.toThrow(/decodes to \d+ bytes where \d+ were embedded/);
  });

  it("says when a notebook has no embedded ledger", async () => {
    await expect(extractLedger(notebookPath)).rejects.toThrow(
      `${notebookPath} has no embedded ledger (metadata.discernus.provenance is absent). Embed it where the ledger is`,
    );
  });
});

describe("reading a notebook file", () => {
  it("names the file and the fix when it is missing, not JSON, or not an nbformat 4 notebook", async () => {
    const missing = join(dir, "gone.ipynb");
    await expect(readNotebook(missing)).rejects.toThrow(NotebookNotFoundError);
    await expect(readNotebook(missing)).rejects.toThrow(`${missing}: no such notebook; check the path`);

    const cases: [string, string, RegExp][] = [
      ["torn.ipynb", '{"cells": [', /torn\.ipynb is not valid JSON .*restore it from version control/],
      [
        "data.ipynb",
        '{"rows": []}',
        /data\.ipynb is JSON but not a Jupyter notebook .*pass the \.ipynb file/,
      ],
      [
        "old.ipynb",
        '{"nbformat": 3, "worksheets": [], "cells": []}',
        /old\.ipynb is an nbformat 3 notebook.*convert it/,
      ],
      ["odd.ipynb", '{"nbformat": 4, "cells": {}}', /odd\.ipynb is not a valid nbformat 4 notebook/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      const read = readNotebook(join(dir, name));
      await expect(read).rejects.toThrow(NotebookInvalidError);
      await expect(read).rejects.toThrow(message);
    }
    await expect(readNotebook(dir)).rejects.toThrow(`${dir} is a folder, not a notebook`);
  });
});
