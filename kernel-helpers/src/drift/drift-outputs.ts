import { formatUsd } from "@discernus/gateway";
import { escapeHtml } from "../display/escape-html.js";
import { htmlTable, textTable } from "../display/html-table.js";
import type { OutputBundle } from "../display/kernel-display.js";
import { outputFor } from "../display/show.js";
import type { Drift, DriftEstimate } from "./drift.js";

const percent = (x: number | null) => (x === null ? "" : `${(100 * x).toFixed(0)}%`);
const fixed = (x: number | null) => (x === null ? "" : x.toFixed(3));
const interval = (lower: number | null, upper: number | null) =>
  lower === null || upper === null ? "" : `[${lower.toFixed(3)}, ${upper.toFixed(3)}]`;

/** The estimate line, shown before any call: what the sample could cost at worst, and what it cost before. */
export function estimateText(e: DriftEstimate): string {
  const perModel = e.models.map((m) => `${m.model} ${m.calls} calls, up to ${formatUsd(m.worstCaseNanoUsd)}`);
  return (
    `drift check of run ${e.of}: ${e.items} sampled texts, ${e.calls} calls to ask again live; ` +
    `worst case ${e.worstCase}, expected ${e.expected} (what the recorded calls cost)` +
    (perModel.length > 0 ? `\n  ${perModel.join("\n  ")}` : "")
  );
}

/** Marks dx.drift()'s outputs: live answers, which a reproduction does not compare. */
export const driftMetadata = (run: string | undefined, of: string) => ({
  discernus: { drift: run ?? null, of },
});

export function estimateOutput(e: DriftEstimate): OutputBundle {
  const text = estimateText(e);
  return {
    data: {
      "text/plain": text,
      "text/html": `<p>${text.split("\n").map(escapeHtml).join("<br>")}</p>`,
    },
    metadata: driftMetadata(undefined, e.of),
  };
}

/** The drift rows as the table shows them (scores and counts only: no model output). */
export function driftTableRows(drift: Drift): Record<string, unknown>[] {
  return drift.rows.map((r) => ({
    model: r.model,
    dimension: r.dimension,
    n: r.n,
    changed: r.changed,
    "share changed": percent(r.shareChanged),
    "mean |change|": fixed(r.meanAbsChange),
    "95% CI": interval(r.lower, r.upper),
    ...(r.failed > 0 ? { failed: r.failed } : {}),
  }));
}

export function agreementTableRows(drift: Drift): Record<string, unknown>[] {
  return drift.agreement.map((a) => ({
    dimension: a.dimension,
    models: a.models,
    texts: a.texts,
    "alpha recorded": fixed(a.recordedAlpha),
    "95% CI recorded": interval(a.recordedLower, a.recordedUpper),
    "alpha live": fixed(a.liveAlpha),
    "95% CI live": interval(a.liveLower, a.liveUpper),
    verdict: a.verdict,
  }));
}

export function driftSummary(drift: Drift): string[] {
  const changed = drift.agreement.filter((a) => a.verdict === "changed").map((a) => a.dimension);
  return [
    `drift run ${drift.run ?? "(dry run)"} of run ${drift.of}: ${drift.items.length} texts, ${drift.totals.calls} calls asked again live, cost ${drift.totals.cost}${drift.totals.failed > 0 ? `, ${drift.totals.failed} failed` : ""}`,
    drift.drifted.length === 0 ? "no answer changed" : `answers changed for: ${drift.drifted.join(", ")}`,
    drift.agreement.length === 0
      ? "agreement: fewer than two models per dimension, nothing to compare"
      : changed.length === 0
        ? "agreement (Krippendorff's alpha) holds on every dimension"
        : `agreement (Krippendorff's alpha) changed on: ${changed.join(", ")}`,
    `rule: ${drift.rule}`,
  ];
}

/** What dx.drift() leaves in the cell: a summary with both tables, then the chart. */
export function driftOutputs(drift: Drift): OutputBundle[] {
  const summary = driftSummary(drift);
  const rows = driftTableRows(drift);
  const agreement = agreementTableRows(drift);
  const outputs: OutputBundle[] = [
    {
      data: {
        "text/plain": `${summary.join("\n")}\n\n${textTable(rows, 200)}\n\n${textTable(agreement, 200)}`,
        "text/html":
          `<p>${summary.map(escapeHtml).join("<br>")}</p>${htmlTable(rows, 200)}` +
          `<p><em>Agreement among the models on the sampled texts</em></p>${htmlTable(agreement, 200)}`,
      },
      metadata: driftMetadata(drift.run, drift.of),
    },
  ];
  if (drift.chart) outputs.push(outputFor(drift.chart, driftMetadata(drift.run, drift.of)));
  return outputs;
}
