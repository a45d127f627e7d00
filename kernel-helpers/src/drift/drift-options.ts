import type { Framework, MeasurementLevel } from "@discernus/analysis";

/** What dx.drift() checks and how much it may spend; every field has a default. */
export interface DriftOptions {
  /** Recorded texts to ask again per model (default 20; all of them when the run has fewer). */
  sample?: number;
  /** A subset of the run's models to ask again (default: all of them). */
  models?: readonly string[];
  /** The analyze() run whose answers to check (default: the ledger's last finished analyze run). */
  run?: string;
  /**
   * The framework the run used: a framework object or the path of its file (relative to the
   * notebook's folder). Needed to read scores from the answers; checked against the framework hash
   * the run recorded.
   */
  framework?: Framework | Record<string, unknown> | string;
  /** Seeds the sample and the bootstrap intervals (default 1): the same seed, the same sample. */
  seed?: number;
  /** Only estimate what the sample would cost: nothing is sent. */
  dryRun?: boolean;
  /** Refuse, before any call, when the sample's worst case is above this many USD. */
  maxUsd?: number;
  /** Measurement level for Krippendorff's alpha (default "interval"). */
  level?: MeasurementLevel;
  /** Bootstrap resamples for every interval (default 1,000). */
  resamples?: number;
}

export const DEFAULT_DRIFT_SAMPLE = 20;
