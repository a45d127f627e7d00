import type { ItemCharge } from "../scheduling-study.js";

export interface RunnerResult {
  name: string;
  wallMs: number;
  ok: number;
  failed: number;
  /** What each completed item was charged, where the runner can tell (the gateway reports usage). */
  charges?: ItemCharge[];
  firstError?: string;
}
