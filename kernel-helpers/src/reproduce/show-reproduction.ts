import { basename } from "node:path";
import { escapeHtml } from "../display/escape-html.js";
import type { KernelDisplay } from "../display/kernel-display.js";
import { outputFor } from "../display/show.js";
import { REPRODUCE_FROM_ENV } from "./reproduce-from-env.js";
import { reproduceNotebook } from "./reproduce-notebook.js";
import { reproductionChart } from "./reproduction-chart.js";
import type { Reproduction, ReproduceOptions } from "./reproduction.js";

/** Marks every output of dx.reproduce(): a reproduction leaves them out of its comparison. */
const META = (status: string) => ({ discernus: { reproduce: { status } } });

/**
 * `dx.reproduce()`: reproduces the notebook with a live line while its cells replay, then shows the
 * verdict, a table of cells and a chart. Inside a reproduction it does nothing (it would reproduce
 * itself without end) and says so.
 */
export async function showReproduction(
  display: KernelDisplay,
  notebook: string,
  options: Omit<ReproduceOptions, "notebook">,
): Promise<Reproduction> {
  const name = basename(notebook);
  if ((options.env ?? process.env)[REPRODUCE_FROM_ENV]) {
    const skipped: Reproduction = {
      notebook,
      status: "skipped",
      reason: "this is a reproduction: reproduce() is not run inside one",
      cells: [],
      calls: { replayed: 0, fromLedger: 0, missing: 0, live: 0 },
      wallMs: 0,
    };
    display.show({
      data: { "text/plain": `reproduce(${name}): skipped, ${skipped.reason}` },
      metadata: META("skipped"),
    });
    return skipped;
  }
  const live = display.live();
  const line = (text: string) => live.update({ data: { "text/plain": text }, metadata: META("running") });
  line(`reproducing ${name}: verifying its ledger...`);
  const reproduction = await reproduceNotebook({
    ...options,
    notebook,
    onCell: (index, of) => {
      line(`reproducing ${name} in replay mode: code cell ${index} of ${of}`);
      options.onCell?.(index, of);
    },
  });
  const summary = [
    `${name}: ${reproduction.status.toUpperCase()}`,
    reproduction.reason,
    ...(reproduction.ledger
      ? [
          `ledger (${reproduction.ledger.source}): ${reproduction.ledger.records} records, verified` +
            (reproduction.startedFrom !== undefined
              ? `; replay started after record ${reproduction.startedFrom}`
              : ""),
        ]
      : []),
    ...(reproduction.cells.length > 0
      ? [
          `${reproduction.calls.replayed} answers replayed from the ledger, ${reproduction.calls.fromLedger} re-used within the run, ${reproduction.calls.missing} requests it has no answer for, ${reproduction.calls.live} asked live; $0 spent; ${(reproduction.wallMs / 1000).toFixed(1)} s`,
        ]
      : []),
  ];
  live.update({
    data: {
      "text/plain": summary.join("\n"),
      "text/html": `<p>${summary.map(escapeHtml).join("<br>")}</p>`,
    },
    metadata: META(reproduction.status),
  });
  if (reproduction.cells.length > 0) {
    const rows = reproduction.cells.map((c) => ({
      cell: c.cell,
      status: c.status,
      compared: c.compared,
      normalized: c.normalized.join(", "),
      detail: c.detail.split("\n")[0] ?? "",
    }));
    display.show(outputFor(rows, META(reproduction.status)));
    display.show(outputFor(reproductionChart(reproduction), META(reproduction.status)));
  }
  return reproduction;
}
