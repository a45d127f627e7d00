/** One score: a text x model x dimension (x repeat), with the call that produced it. */
export interface ResultRow {
  text: string;
  model: string;
  dimension: string;
  repeat: number;
  /** The score as a number (a label's rank on a label scale); null when the call or answer failed. */
  score: number | null;
  /** As answered: a number or a label. */
  label: string | null;
  evidence: string;
  callId: string;
  costNanoUsd: number;
  latencyMs: number;
  cached: boolean;
  /** Answered by a provider marked `simulated` in the config (provider-sim), not a real model. */
  simulated: boolean;
  /** "ok", or why there is no score (the gateway's error code, or "invalid_answer"). */
  status: string;
}

/** Repeats folded: the median score per text x model x dimension and how far the repeats spread. */
export interface ScoreRow {
  text: string;
  model: string;
  dimension: string;
  score: number | null;
  /** Max - min over the repeats that gave a score (0 with one repeat). */
  spread: number;
  n: number;
  evidence: string;
  /** The call of the repeat whose score is closest to the median (its evidence is the one shown). */
  callId: string;
  /** What the repeats' calls cost together (0 when the ledger answered them). */
  costNanoUsd: number;
  /** Median latency of the repeats' calls. */
  latencyMs: number;
}
