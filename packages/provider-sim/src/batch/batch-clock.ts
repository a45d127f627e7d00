import type { ResolvedBatchConfig } from "../sim-config.js";

/** Where a batch stands; each provider names these its own way. */
export type BatchPhase =
  | "validating"
  | "in_progress"
  | "finalizing"
  | "cancelling"
  | "failed"
  | "completed"
  | "expired"
  | "cancelled";

export interface BatchProgress {
  phase: BatchPhase;
  /** Items answered so far, in input order (the first `processed` items). */
  processed: number;
  /** Simulated ms since creation at which each phase began (absent: not reached). */
  inProgressAt?: number;
  finalizingAt?: number;
  cancellingAt?: number;
  endedAt?: number;
}

// Shares of processingMs: validation first, then the items, then the output files are written.
// Cancelling takes as long as finalizing: the service stops its workers and writes what is done.
const VALIDATING_SHARE = 0.05;
const FINALIZING_SHARE = 0.05;
const CANCELLING_SHARE = 0.05;

/** Simulated ms elapsed since `startMs`, for a server whose clock runs `timeScale` times real time. */
export function simulatedElapsedMs(startMs: number, nowMs: number, timeScale: number): number {
  // timeScale 0 means "no waiting": every batch is already over.
  return timeScale === 0 ? Infinity : Math.max(0, nowMs - startMs) / timeScale;
}

/**
 * A batch's state after `elapsedMs` of simulated time, pure: items are answered at an even pace
 * between validation and finalizing, except the `expireFraction` share, which never is. A batch
 * still short of done when the window closes expires with what it has; one cancelled at
 * `cancelAtMs` keeps what was done then. `invalid` input fails at the end of validation.
 */
export function batchProgress(
  timing: Pick<ResolvedBatchConfig, "processingMs" | "windowMs" | "expireFraction">,
  total: number,
  elapsedMs: number,
  options: { cancelAtMs?: number; invalid?: boolean } = {},
): BatchProgress {
  const { processingMs, windowMs } = timing;
  const validatedAt = processingMs * VALIDATING_SHARE;
  const runEnd = processingMs * (1 - FINALIZING_SHARE);
  const reachable = total - Math.round(total * timing.expireFraction);
  const processedAt = (t: number) => {
    if (t < validatedAt) return 0;
    const share = runEnd > validatedAt ? (t - validatedAt) / (runEnd - validatedAt) : 1;
    return Math.min(reachable, Math.floor(total * Math.min(1, share)));
  };
  const cancelAt = options.cancelAtMs;
  const windowEnd = Math.min(windowMs, cancelAt ?? Infinity);
  if (options.invalid) {
    const failedAt = Math.min(validatedAt, windowEnd);
    if (elapsedMs >= failedAt) return { phase: "failed", processed: 0, endedAt: failedAt };
    return { phase: "validating", processed: 0 };
  }
  const inProgressAt = validatedAt;
  const doneAt = reachable === total ? processingMs : Infinity;
  if (doneAt <= windowEnd) {
    // The whole batch is answered before the window closes or a cancel arrives.
    if (elapsedMs >= processingMs)
      return {
        phase: "completed",
        processed: total,
        inProgressAt,
        finalizingAt: runEnd,
        endedAt: processingMs,
      };
    if (elapsedMs >= runEnd)
      return { phase: "finalizing", processed: total, inProgressAt, finalizingAt: runEnd };
  } else if (cancelAt !== undefined && cancelAt < windowMs) {
    const processed = processedAt(cancelAt);
    const endedAt = cancelAt + processingMs * CANCELLING_SHARE;
    const started = cancelAt >= inProgressAt ? { inProgressAt } : {};
    if (elapsedMs >= endedAt)
      return { phase: "cancelled", processed, ...started, cancellingAt: cancelAt, endedAt };
    if (elapsedMs >= cancelAt) return { phase: "cancelling", processed, ...started, cancellingAt: cancelAt };
  } else if (elapsedMs >= windowMs) {
    return {
      phase: "expired",
      processed: processedAt(windowMs),
      ...(windowMs >= inProgressAt ? { inProgressAt } : {}),
      endedAt: windowMs,
    };
  }
  if (elapsedMs < inProgressAt) return { phase: "validating", processed: 0 };
  return { phase: "in_progress", processed: processedAt(elapsedMs), inProgressAt };
}
