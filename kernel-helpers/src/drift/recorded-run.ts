import {
  LedgerCorruptError,
  readLedgerLines,
  scanLedger,
  type CallRecordFields,
  type LedgerRecord,
  type RunRecordFields,
  type StoredRequest,
} from "@discernus/provenance";
import { DriftInvalidError } from "./drift-errors.js";

/** An analyze() run as its start and end records describe it. */
export interface RecordedRun {
  run: string;
  /** sha256 of the framework's canonical JSON, as the run recorded it. */
  framework?: string;
  /** The models as the run named them (aliases stay aliases). */
  models: string[];
  items?: number;
}

/** One recorded answer of the run: a text scored by a model, and the call record that holds it. */
export interface RecordedUnit {
  item: string;
  model: string;
  repeat: string;
  /** The call that paid for the answer: the run's own, or, for a cache hit, the earlier one it pointed at. */
  record: CallRecordFields & { seq: number };
}

/** Where the answer of one (item, model, repeat) is, before any content is read. */
interface UnitRef {
  item: string;
  model: string;
  repeat: string;
  /** Seq of the call record holding the answer; undefined when the call failed. */
  answerSeq: number | undefined;
}

type RunRecord = LedgerRecord & RunRecordFields;

const isDriftRun = (r: Partial<RunRecordFields> | undefined) => r?.kind === "drift";

/**
 * Reads the run's recorded answers from the ledger (verifying its whole chain on the way): the
 * first call of each (item, model, repeat) the run made, since a later one with the same tags is
 * analyze()'s retry of an answer that did not fit. Two passes, so memory holds where each answer
 * is, never the answers of other runs: the first finds the run and its records, the second reads
 * only the lines that hold its answers.
 */
export async function readRecordedRun(
  ledgerPath: string,
  runId: string | undefined,
): Promise<{ run: RecordedRun; units: RecordedUnit[] }> {
  const starts = new Map<string, RunRecord>();
  const ends = new Map<string, RunRecord>();
  let lastAnalyzeEnd: string | undefined;
  const refsByRun = new Map<string, Map<string, UnitRef>>();
  const report = await scanLedger(ledgerPath, (record) => {
    if (record.type === "run") {
      const r = record as RunRecord;
      if (r.phase === "start") starts.set(r.run, r);
      else {
        ends.set(r.run, r);
        if (!isDriftRun(r) && !isDriftRun(starts.get(r.run))) lastAnalyzeEnd = r.run;
      }
      return;
    }
    if (record.type !== "call" && record.type !== "cache_hit") return;
    const tags = (record as { tags?: Record<string, string> }).tags;
    if (!tags?.run || tags.item === undefined || tags.drift !== undefined) return;
    if (runId !== undefined && tags.run !== runId) return;
    let refs = refsByRun.get(tags.run);
    if (!refs) refsByRun.set(tags.run, (refs = new Map()));
    const model =
      record.type === "call"
        ? (record as unknown as { request: StoredRequest }).request.model
        : String((record as { model?: unknown }).model);
    const repeat = tags.repeat ?? "1";
    const key = JSON.stringify([tags.item, model, repeat]);
    if (refs.has(key)) return;
    const answerSeq =
      record.type === "cache_hit"
        ? (record as unknown as { original: { seq: number } }).original.seq
        : (record as unknown as CallRecordFields).outcome === "ok"
          ? record.seq
          : undefined;
    refs.set(key, { item: tags.item, model, repeat, answerSeq });
  });
  if (report.status !== "verified") {
    const problem = report.problem ?? { line: 1, problem: report.status };
    throw new LedgerCorruptError(ledgerPath, problem.line, problem.problem.replace(/^line \d+ /, ""));
  }

  const id = runId ?? lastAnalyzeEnd;
  if (id === undefined)
    throw new DriftInvalidError(
      `${ledgerPath} has no finished analyze() run to check: run the study first, or pass run: "<id>".`,
    );
  const start = starts.get(id);
  const end = ends.get(id);
  if (!start && !end) throw new DriftInvalidError(`${ledgerPath} has no run ${id}.`);
  if (isDriftRun(start) || isDriftRun(end))
    throw new DriftInvalidError(
      `run ${id} is itself a drift check (of run ${String(start?.of ?? end?.of)}): pass the analyze() run it checked.`,
    );
  if (!end)
    throw new DriftInvalidError(
      `run ${id} did not finish (no end record): its answers are not a result to check. Re-run the study, or pass another run.`,
    );
  const framework = end.framework ?? start?.framework;
  const items = end.items ?? start?.items;
  const run: RecordedRun = {
    run: id,
    models: [...new Set([...(start?.models ?? []), ...(end.models ?? [])])],
    ...(framework !== undefined ? { framework } : {}),
    ...(items !== undefined ? { items } : {}),
  };

  const refs = [...(refsByRun.get(id)?.values() ?? [])];
  const wanted = new Set(refs.flatMap((r) => (r.answerSeq === undefined ? [] : [r.answerSeq])));
  const bySeq = new Map<number, CallRecordFields & { seq: number }>();
  if (wanted.size > 0)
    for await (const { lineNo, text } of readLedgerLines(ledgerPath)) {
      // Line 1 is the header; record seq n is on line n + 1.
      if (!wanted.has(lineNo - 1)) continue;
      bySeq.set(lineNo - 1, JSON.parse(text) as CallRecordFields & { seq: number });
      if (bySeq.size === wanted.size) break;
    }
  const units: RecordedUnit[] = [];
  for (const ref of refs) {
    const record = ref.answerSeq === undefined ? undefined : bySeq.get(ref.answerSeq);
    if (record && record.outcome === "ok")
      units.push({ item: ref.item, model: ref.model, repeat: ref.repeat, record });
  }
  return { run, units };
}
