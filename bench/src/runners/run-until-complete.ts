import pLimit from "p-limit";
import type { StudyItem } from "../scheduling-study.js";
import type { RunnerResult } from "./runner-result.js";

/**
 * Runs every item under a plain p-limit, then re-runs the ones that failed, pass after pass, as a
 * researcher re-runs a cell for the missing rows, until all are done. The makespan is the time to
 * the complete study, so runners that drop items are compared on the same footing.
 */
export async function runUntilComplete(
  name: string,
  items: readonly StudyItem[],
  concurrency: number,
  callOne: (item: StudyItem) => Promise<unknown>,
  maxPasses = 20,
): Promise<RunnerResult> {
  const limit = pLimit(concurrency);
  const started = performance.now();
  let pending = [...items];
  let firstPassFailed = 0;
  let firstError: string | undefined;
  let passes = 0;
  while (pending.length > 0 && passes < maxPasses) {
    passes++;
    const results = await Promise.allSettled(pending.map((item) => limit(() => callOne(item))));
    const failed = pending.filter((_, i) => results[i]?.status === "rejected");
    if (passes === 1) {
      firstPassFailed = failed.length;
      const first = results.find((r) => r.status === "rejected");
      if (first) firstError = String(first.reason).slice(0, 300);
    }
    pending = failed;
  }
  return {
    name,
    wallMs: performance.now() - started,
    ok: items.length - pending.length,
    failed: firstPassFailed,
    passes,
    ...(firstError ? { firstError } : {}),
  };
}
