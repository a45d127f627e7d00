import type { VegaLiteSpec } from "@discernus/analysis";
import type { DriftAgreementRow } from "./agreement-drift.js";
import type { DriftRow } from "./drift-rows.js";

/** What asking the sample again costs, per model, shown before anything is sent. */
export interface DriftModelEstimate {
  model: string;
  calls: number;
  inputTokens: number;
  /** Every prompt plus its maxTokens at list price: what the budget reserves. */
  worstCaseNanoUsd: number;
  /** What the same calls cost when they were recorded (a batch item at the interactive price). */
  expectedNanoUsd: number;
}

export interface DriftEstimate {
  /** The analyze() run whose answers are checked. */
  of: string;
  /** Sampled texts, and calls to make (texts x models that answered them). */
  items: number;
  calls: number;
  models: DriftModelEstimate[];
  worstCaseNanoUsd: number;
  expectedNanoUsd: number;
  worstCase: string;
  expected: string;
}

/** The result of dx.drift(): what changed per model and dimension, and whether agreement holds. */
export interface Drift {
  /** The analyze() run checked. */
  of: string;
  /** The drift run's id in the ledger; undefined for a dry run (nothing sent). */
  run: string | undefined;
  dryRun: boolean;
  estimate: DriftEstimate;
  /** The sampled texts' ids. */
  items: string[];
  rows: DriftRow[];
  agreement: DriftAgreementRow[];
  /** How `agreement[].verdict` is decided. */
  rule: string;
  /** The drift run's calls, as its end record states them. */
  totals: { calls: number; failed: number; costNanoUsd: number; cost: string };
  /** Models with at least one changed answer. */
  drifted: string[];
  /** Share changed by model x dimension (vega-lite); undefined for a dry run. */
  chart: VegaLiteSpec | undefined;
  /** Why nothing was checked, when nothing was: a replay (a reproduction) asks no provider. */
  skipped?: string;
}
