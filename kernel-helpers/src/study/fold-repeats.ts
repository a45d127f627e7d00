import type { ResultRow, ScoreRow } from "./result-row.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * One row per text x model x dimension: the median of the repeats that gave a score (Discernus's
 * practice with repeated scoring), their spread (max - min) as the confidence measure, and the
 * evidence of the repeat closest to the median.
 */
export function foldRepeats(rows: readonly ResultRow[]): ScoreRow[] {
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
