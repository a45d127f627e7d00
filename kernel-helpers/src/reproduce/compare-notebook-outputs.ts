import type { Notebook, NotebookCell, NotebookOutput } from "@discernus/provenance";
import { TELEMETRY_MIME } from "../telemetry/telemetry-snapshot.js";

/** How one code cell's reproduced outputs compare with the stored ones. */
export interface CellComparison {
  /** 1-based position among the notebook's code cells (as `discernus run` counts them). */
  cell: number;
  /** 0-based index among all the notebook's cells. */
  index: number;
  /**
   * `identical`: every compared output is the same (after the normalizations named);
   * `differs`: at least one is not (see `detail`); `failed`: the cell raised in the reproduction;
   * `not_run`: an earlier cell failed, so this one never ran.
   */
  status: "identical" | "differs" | "failed" | "not_run";
  /** What differs (the first differing line of each output part), or why the cell failed. */
  detail: string;
  /** Output parts compared (one per MIME type, stream, error or result digest). */
  compared: number;
  /** Outputs left out of the comparison: live progress lines, rehearsals, reproduction and drift reports. */
  skipped: number;
  /** What was normalized before comparing: "run ids", "notebook folder", "session mode". */
  normalized: string[];
}

export interface CompareContext {
  /** Absolute folders that stand for the notebook's folder in the stored outputs. */
  storedFolders: readonly string[];
  /** The same in the reproduced outputs (the reproduction's scratch folder, the source folder). */
  reproducedFolders: readonly string[];
  /** The code cell (1-based) that raised in the reproduction, and what it said. */
  failure?: { cell: number | null; message: string };
}

interface Part {
  label: string;
  text: string;
  /** The output it came from (its position among the cell's compared outputs). */
  output: number;
}

const FOLDER = "<notebook folder>";
const SESSION_MODE = /Discernus session \((?:live|replay)\)/g;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const joined = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

/** JSON with sorted keys, one value per line: a difference is named by its line. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value), null, 1);
}

function discernusMeta(output: NotebookOutput): Record<string, unknown> | undefined {
  const meta = output.metadata?.discernus;
  return isObject(meta) ? meta : undefined;
}

/**
 * Outputs that are not results: the live progress line (its timing and spend are the run's, not the
 * study's), a rehearsal (simulated afresh each time, so its projected wall times vary), and reports
 * of reproduce() and drift(), which check the notebook rather than make it.
 */
export function isSkippedOutput(output: NotebookOutput): boolean {
  const meta = discernusMeta(output);
  if (meta && ["telemetry", "rehearsal", "reproduce", "drift"].some((k) => k in meta)) return true;
  const data = output.data;
  return isObject(data) && TELEMETRY_MIME in data;
}

/** The run ids a notebook's outputs carry, in document order (study outputs and progress lines). */
export function outputRunIds(notebook: Notebook): string[] {
  const ids: string[] = [];
  for (const cell of notebook.cells)
    for (const output of cell.outputs ?? []) {
      const meta = discernusMeta(output);
      const telemetry = meta?.telemetry;
      for (const id of [meta?.run, isObject(telemetry) ? telemetry.run : undefined])
        if (typeof id === "string" && !ids.includes(id)) ids.push(id);
    }
  return ids;
}

/** A cell's outputs as labelled texts; consecutive stream outputs of one stream are one part. */
function parts(cell: NotebookCell): { parts: Part[]; skipped: number } {
  const out: Part[] = [];
  let skipped = 0;
  let position = 0;
  for (const output of cell.outputs ?? []) {
    if (isSkippedOutput(output)) {
      skipped++;
      continue;
    }
    position++;
    if (output.output_type === "stream") {
      const label = `${String(output.name)} stream`;
      const last = out[out.length - 1];
      if (last?.label === label) last.text += joined(output.text);
      else out.push({ label, text: joined(output.text), output: position });
      continue;
    }
    if (output.output_type === "error") {
      out.push({
        label: "error",
        text: `${String(output.ename)}: ${String(output.evalue)}`,
        output: position,
      });
      continue;
    }
    const digest = discernusMeta(output)?.digest;
    if (typeof digest === "string") out.push({ label: "result digest", text: digest, output: position });
    const data = isObject(output.data) ? output.data : {};
    for (const mime of Object.keys(data).sort()) {
      const value = data[mime];
      const text = typeof value === "string" || Array.isArray(value) ? joined(value) : canonicalJson(value);
      out.push({ label: mime, text, output: position });
    }
  }
  return { parts: out, skipped };
}

const clip = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}...` : s);

/** The first line where two texts differ, and how many lines differ. */
function firstDifference(label: string, stored: string, reproduced: string): string {
  const a = stored.split("\n");
  const b = reproduced.split("\n");
  let first = -1;
  let count = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) {
      count++;
      if (first < 0) first = i;
    }
  return `${label}, line ${first + 1}${count > 1 ? ` (and ${count - 1} more)` : ""}: stored ${clip(a[first] ?? "")}, reproduced ${clip(b[first] ?? "")}`;
}

function replaceAll(text: string, from: string, to: string): string {
  return from === "" ? text : text.split(from).join(to);
}

/**
 * Compares a notebook's stored outputs with those of its reproduction, code cell by code cell. What
 * legitimately changes between two executions of the same notebook on the same answers is
 * normalized first, and named: run ids (each reproduced run stands for the stored run at the same
 * position), the notebook's folder (absolute paths differ between machines), and the session's mode
 * in its banner (live then, replay now). Live progress lines, rehearsals and reproduce/drift reports
 * are left out.
 */
export function compareNotebookOutputs(
  stored: Notebook,
  reproduced: Notebook,
  context: CompareContext,
): CellComparison[] {
  const storedRuns = outputRunIds(stored);
  const reproducedRuns = outputRunIds(reproduced);
  // Longest first, so a folder inside another is not half-replaced.
  const byLength = (folders: readonly string[]) =>
    [...new Set(folders)].filter((f) => f.length > 1).sort((x, y) => y.length - x.length);
  const storedFolders = byLength(context.storedFolders);
  const reproducedFolders = byLength(context.reproducedFolders);

  const normalize = (text: string, side: "stored" | "reproduced", noted: Set<string>) => {
    let t = text;
    if (side === "reproduced")
      reproducedRuns.forEach((id, i) => {
        const was = storedRuns[i];
        if (was !== undefined && was !== id && t.includes(id)) {
          t = replaceAll(t, id, was);
          noted.add("run ids");
        }
      });
    for (const folder of side === "stored" ? storedFolders : reproducedFolders)
      if (t.includes(folder)) {
        t = replaceAll(t, folder, FOLDER);
        noted.add("notebook folder");
      }
    const moded = t.replace(SESSION_MODE, "Discernus session (mode)");
    if (moded !== t) noted.add("session mode");
    return moded;
  };

  const storedCode = stored.cells.map((c, i) => ({ c, i })).filter(({ c }) => c.cell_type === "code");
  const reproducedCode = reproduced.cells.filter((c) => c.cell_type === "code");
  const failedAt = context.failure?.cell ?? null;
  return storedCode.map(({ c: cell, i: index }, k) => {
    const position = k + 1;
    const base = { cell: position, index };
    const again = reproducedCode[k];
    if (failedAt !== null && position > failedAt)
      return {
        ...base,
        status: "not_run",
        detail: `not run: code cell ${failedAt} failed`,
        compared: 0,
        skipped: 0,
        normalized: [],
      };
    const before = parts(cell);
    const after = again ? parts(again) : { parts: [], skipped: 0 };
    const noted = new Set<string>();
    const differences: string[] = [];
    const differing: Part[] = [];
    const labels = (ps: Part[]) => ps.map((p) => p.label).join(", ") || "none";
    if (
      before.parts.length !== after.parts.length ||
      before.parts.some((p, i) => p.label !== after.parts[i]?.label)
    )
      differences.push(`outputs: stored [${labels(before.parts)}], reproduced [${labels(after.parts)}]`);
    for (let i = 0; i < Math.min(before.parts.length, after.parts.length); i++) {
      const a = before.parts[i]!;
      const b = after.parts[i]!;
      if (a.label !== b.label) continue;
      const x = normalize(a.text, "stored", noted);
      const y = normalize(b.text, "reproduced", noted);
      if (x !== y) differing.push({ ...a, text: firstDifference(a.label, x, y) });
    }
    // An output's HTML says what its text says, in markup: its text's difference is the readable one.
    const textDiffers = new Set(differing.filter((p) => p.label === "text/plain").map((p) => p.output));
    for (const p of differing)
      if (!(p.label === "text/html" && textDiffers.has(p.output))) differences.push(p.text);
    // A cell that raised when it was recorded too is compared like any other: its error is its output.
    const failed = failedAt === position && !before.parts.some((p) => p.label === "error");
    return {
      ...base,
      status: failed ? "failed" : differences.length > 0 ? "differs" : "identical",
      detail: failed
        ? `raised in the reproduction: ${context.failure?.message.split("\n")[0] ?? ""}`
        : differences.join("\n"),
      compared: Math.min(before.parts.length, after.parts.length),
      skipped: before.skipped + after.skipped,
      normalized: [...noted].sort(),
    };
  });
}

/**
 * Absolute folders the stored outputs name as the notebook's own: those holding the notebook or its
 * ledger in a printed path (the session banner prints both).
 */
export function foldersNamingNotebook(notebook: Notebook, notebookName: string): string[] {
  const stem = notebookName.replace(/\.ipynb$/i, "");
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(/[^\\s"'<>:]*)/${escaped}\\.(?:ipynb|provenance\\.jsonl)`, "g");
  const found = new Set<string>();
  for (const cell of notebook.cells)
    for (const output of cell.outputs ?? []) {
      const texts = [
        joined(output.text),
        ...Object.values(isObject(output.data) ? output.data : {}).map((v) =>
          typeof v === "string" || Array.isArray(v) ? joined(v) : "",
        ),
      ];
      for (const text of texts) for (const m of text.matchAll(pattern)) found.add(m[1]!);
    }
  return [...found];
}
