import type { Gateway } from "@discernus/gateway";
import type { Ledger } from "@discernus/provenance";
import { silentDisplay } from "./silent-display.js";
import { analyzeStudy, type AnalyzeContext, type AnalyzeOptions } from "../study/analyze-study.js";
import type { TextInput } from "../study/text-input.js";

/** What batch mode cost per study model in the rehearsal, as the Batch API path billed it. */
export type BatchRehearsal = Map<string, { calls: number; costNanoUsd: number }>;

/**
 * Runs the study again with `mode: "batch"` against provider-sim (Files, Batch and Message Batches
 * endpoints), so that batch mode's cost is what the gateway's batch path records, discount and all.
 * `fresh`: the interactive rehearsal already answered every request in this ledger. Its turnaround
 * is the simulator's, set from the stated assumption, so the wall time is not measured from it.
 */
export async function rehearseBatch(
  ctx: AnalyzeContext & { gateway: Gateway; ledger: Ledger },
  texts: readonly TextInput[],
  options: AnalyzeOptions,
): Promise<BatchRehearsal> {
  const study = await analyzeStudy({ ...ctx, display: silentDisplay }, texts, {
    ...options,
    mode: "batch",
    fresh: true,
    batch: { pollIntervalMs: 50 },
  });
  const byModel: BatchRehearsal = new Map();
  // Rows repeat a call's cost on each dimension it scored: one per text, model and repeat.
  const seen = new Set<string>();
  for (const row of study.rows) {
    const call = `${row.text}\u0000${row.model}\u0000${row.repeat}`;
    if (seen.has(call)) continue;
    seen.add(call);
    const m = byModel.get(row.model) ?? { calls: 0, costNanoUsd: 0 };
    m.calls++;
    m.costNanoUsd += row.costNanoUsd;
    byModel.set(row.model, m);
  }
  return byModel;
}
