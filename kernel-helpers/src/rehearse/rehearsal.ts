import type { RateLimitConfig } from "@discernus/gateway";
import type { SimLatency } from "@discernus/provider-sim";
import type { AnalyzeOptions } from "../study/analyze-study.js";

export interface RehearseOptions extends AnalyzeOptions {
  /**
   * How fast simulated time runs (k): the rehearsal's wall time is measured and multiplied by k.
   * Default: enough that the rehearsal itself takes about `targetSeconds`.
   */
  timeCompression?: number;
  /** The longest a rehearsal should take in real time when `timeCompression` is not given (default 30). */
  targetSeconds?: number;
  /** What the simulated providers' latency is assumed to be (default 700 ms to first token, 70 tokens/s). */
  latency?: SimLatency;
  /** Assumed batch turnaround in hours (default 1 typical, 24 worst: the providers' completion window). */
  batchHours?: { typical?: number; worst?: number };
}

/** One line of the side-by-side table: a model (or the whole study) in one mode. */
export interface RehearsalRow {
  mode: "interactive" | "batch";
  /** A model as the study names it, or "all". */
  model: string;
  calls: number;
  costNanoUsd: number;
  cost: string;
  /**
   * Batch rows of OpenAI and Anthropic models, when the batch path could be rehearsed: what
   * provider-sim's Batch APIs billed for the same study. The simulator gives batch items no
   * prompt-cache hits, so this is the cost if none of the providers' best-effort caching applies.
   */
  batchPathCostNanoUsd?: number;
  batchPathCost?: string;
  /** Interactive: measured in the rehearsal x the time compression. Batch: the typical turnaround. */
  wallSeconds: number;
  /** Batch: the turnaround at worst (the batch window); interactive: same as wallSeconds. */
  worstWallSeconds: number;
}

export interface RehearsalAssumptions {
  /** Limits used per study model, as the config gives them (none: only concurrency and latency bind). */
  limits: Record<string, RateLimitConfig | "none">;
  latency: SimLatency;
  /** k: simulated seconds per real second. */
  timeCompression: number;
  /** Concurrent calls per model, from the config. */
  concurrency: number;
  batchHours: { typical: number; worst: number };
  /** How batch mode was projected. */
  batchMethod: string;
  /** Local instruments run as they are and cost nothing in either mode. */
  localModels: string[];
}

export interface Rehearsal {
  rows: RehearsalRow[];
  assumptions: RehearsalAssumptions;
  /** Real seconds the rehearsal took. */
  measuredSeconds: number;
  /** Where its simulated records are, apart from the notebook's ledger. */
  ledgerPath: string;
  /** The rehearsal's run id in that ledger. */
  run: string;
}
