import type { ItemCharge } from "../scheduling-study.js";

export interface RunnerResult {
  name: string;
  /** Time until every item was done (or the last pass gave up). */
  wallMs: number;
  /** Items done at the end. */
  ok: number;
  /** Items that failed on the first pass: what the user saw fail. */
  failed: number;
  /** Passes needed to complete the study (1 when nothing failed). */
  passes: number;
  /** What each completed item was charged, where the runner can tell (the gateway reports usage). */
  charges?: ItemCharge[];
  firstError?: string;
}
