import type { OutputBundle } from "../display/kernel-display.js";
import { escapeHtml } from "../display/escape-html.js";
import { htmlTable, textTable } from "../display/html-table.js";
import type { Rehearsal } from "./rehearsal.js";

/** Seconds as a reader plans with them: "45 s", "12.5 min", "3.2 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function tableRows(rehearsal: Rehearsal): Record<string, unknown>[] {
  return rehearsal.rows.map((r) => ({
    mode: r.mode,
    model: r.model,
    calls: r.calls,
    cost: r.cost,
    "batch path, rehearsed": r.batchPathCost ?? "",
    "wall time": formatDuration(r.wallSeconds),
    "at worst": formatDuration(r.worstWallSeconds),
  }));
}

function assumptionLines(rehearsal: Rehearsal): string[] {
  const a = rehearsal.assumptions;
  const limits = Object.entries(a.limits).map(
    ([model, l]) =>
      `${model}: ${
        l === "none"
          ? "no limits configured (only concurrency and latency bind)"
          : Object.entries(l)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(", ")
      }`,
  );
  return [
    `limits: ${limits.length > 0 ? limits.join("; ") : "none (local instruments only)"}`,
    `latency: ${a.latency.ttftMs} ms to first token, ${a.latency.tokensPerSecond} tokens/s; ${a.concurrency} calls at once per model`,
    `time compression: k = ${a.timeCompression} (measured ${rehearsal.measuredSeconds.toFixed(1)} s real, x k)`,
    `batch: ${a.batchMethod}; turnaround ${a.batchHours.typical} h typical, ${a.batchHours.worst} h at worst`,
    ...(a.localModels.length > 0
      ? [`local (free, run live in both modes): ${a.localModels.join(", ")}`]
      : []),
    `simulated records: ${rehearsal.ledgerPath} (not counted as spend)`,
  ];
}

/** The rehearsal as the notebook shows it: the side-by-side table and the assumptions under it. */
export function rehearsalOutput(rehearsal: Rehearsal): OutputBundle {
  const title = "Rehearsal (simulated, nothing spent): projected cost and wall time";
  const lines = assumptionLines(rehearsal);
  return {
    data: {
      "text/html": `<p><strong>${escapeHtml(title)}</strong></p>${htmlTable(tableRows(rehearsal))}<ul>${lines
        .map((l) => `<li>${escapeHtml(l)}</li>`)
        .join("")}</ul>`,
      "text/plain": [title, textTable(tableRows(rehearsal)), ...lines.map((l) => `- ${l}`)].join("\n"),
    },
    metadata: { discernus: { rehearsal: rehearsal.run, simulated: true } },
  };
}
