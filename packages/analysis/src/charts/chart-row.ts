/**
 * One result row as the charts read it: one score of one text by one model on one dimension.
 * Rows of the same call share `callId`, `costNanoUsd`, `latencyMs` and `cached`: the call's cost
 * and latency are counted once per call, never once per row.
 */
export interface ChartRow {
  /** The text's id. */
  readonly text: string;
  readonly model: string;
  readonly dimension: string;
  /** `null` when the model gave no usable score; charts exclude it and say how many they excluded. */
  readonly score: number | null;
  readonly evidence?: string;
  readonly callId: string;
  /** The whole call's cost in integer nano-USD (0 for a cached answer). */
  readonly costNanoUsd: number;
  readonly latencyMs: number;
  /** Served from the cache or the ledger rather than by a provider. */
  readonly cached: boolean;
}

/** A score the charts can place: finite. `null`, NaN and infinities count as missing. */
export function isUsableScore(score: number | null): score is number {
  return typeof score === "number" && Number.isFinite(score);
}
