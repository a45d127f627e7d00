import { formatUsd } from "@discernus/gateway";
import type { Study } from "../study/study.js";
import { escapeHtml } from "./escape-html.js";
import { htmlTable, textTable } from "./html-table.js";
import type { OutputBundle } from "./kernel-display.js";

const SHOWN_ROWS = 40;

/**
 * What analyze() leaves in the cell: a summary and the score table, both carrying the run id and
 * the result digest in their metadata, so `discernus verify` can tie them to the ledger.
 */
export function studyOutputs(study: Study): OutputBundle[] {
  const metadata = { discernus: { run: study.run, digest: study.digest } };
  const failed = study.rows.filter((r) => r.status !== "ok");
  const byStatus = new Map<string, number>();
  for (const r of failed) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const scoredDimensions = new Set(study.rows.map((r) => r.dimension)).size;
  const simulated = [...new Set(study.rows.filter((r) => r.simulated).map((r) => r.model))];
  const summary = [
    ...(simulated.length > 0
      ? [
          `SIMULATED: ${simulated.join(", ")} answered by provider-sim, not by the real models; the scores and costs are not findings.`,
        ]
      : []),
    `${study.framework.name}: ${study.items.length} texts x ${study.models.length} models, ${scoredDimensions} of its ${study.framework.dimensions.length} dimensions scored`,
    `cost ${formatUsd(study.totals.costNanoUsd)} for ${study.totals.calls} provider calls${study.batchItems > 0 ? ` (${study.batchItems} of them batch items, at the batch discount)` : ""}; ${study.totals.cacheHits} answered from the ledger at $0`,
    ...(byStatus.has("batch_pending")
      ? [
          `${byStatus.get("batch_pending")} scores wait on provider batches in flight: run this cell again (or \`discernus batches <notebook> --collect\`) to collect them; nothing is submitted or paid twice`,
        ]
      : []),
    failed.length === 0
      ? "every score present"
      : `${failed.length} scores missing: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")} (see study.calls)`,
    `run ${study.run}, digest ${study.digest.slice(0, 16)}...`,
  ];
  const repeated = study.rows.some((r) => r.repeat > 1);
  // Only the rows shown are built: a 100,000-text study has 400,000 scores.
  const table = study.scores.slice(0, SHOWN_ROWS).map((s) => ({
    text: s.text,
    model: s.model,
    dimension: s.dimension,
    score: s.score,
    ...(repeated ? { spread: s.spread, n: s.n } : {}),
    evidence: s.evidence,
  }));
  const total = study.scores.length;
  return [
    {
      data: {
        "text/plain": `${summary.join("\n")}\n\n${textTable(table, SHOWN_ROWS, total)}`,
        "text/html": `<p>${summary.map(escapeHtml).join("<br>")}</p>${htmlTable(table, SHOWN_ROWS, total)}`,
      },
      metadata,
    },
  ];
}
