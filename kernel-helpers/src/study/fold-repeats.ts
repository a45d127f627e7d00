import type { ResultRow, ScoreRow } from "./result-row.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The fold of a group of one: the same as the general case, without its arrays. */
function single(row: ResultRow): ScoreRow {
  return {
    text: row.text,
    model: row.model,
    dimension: row.dimension,
    score: row.score,
    spread: 0,
    n: row.score === null ? 0 : 1,
    evidence: row.score === null ? "" : row.evidence,
    callId: row.callId,
    costNanoUsd: row.costNanoUsd,
    latencyMs: row.latencyMs,
  };
}

/**
 * One row per text x model x dimension: the median of the repeats that gave a score (Discernus's
 * practice with repeated scoring), their spread (max - min) as the confidence measure, and the
 * evidence of the repeat closest to the median.
 */
export function foldRepeats(rows: readonly ResultRow[]): ScoreRow[] {
  // Without repeats every row is its own group (ids are unique): no grouping, which for 400,000
  // rows would build as many keys and arrays.
  if (rows.every((r) => r.repeat === 1)) return rows.map(single);
  const groups = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.text, row.model, row.dimension]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const scored = group.filter((r): r is ResultRow & { score: number } => r.score !== null);
    const score = scored.length > 0 ? median(scored.map((r) => r.score)) : null;
    const values = scored.map((r) => r.score);
    const closest =
      score === null
        ? undefined
        : scored.reduce((a, b) => (Math.abs(b.score - score) < Math.abs(a.score - score) ? b : a));
    return {
      text: first.text,
      model: first.model,
      dimension: first.dimension,
      score,
      spread: values.length > 0 ? Math.max(...values) - Math.min(...values) : 0,
      n: scored.length,
      evidence: closest?.evidence ?? "",
      callId: (closest ?? first).callId,
      costNanoUsd: group.reduce((sum, r) => sum + r.costNanoUsd, 0),
      latencyMs: median(group.map((r) => r.latencyMs)),
    };
  });
}
