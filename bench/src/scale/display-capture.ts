import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { TELEMETRY_MIME, type WriteDisplayData } from "@discernus/kernel-helpers";

/** What the kernel display sent while the study ran: how live the progress was, and how big. */
export interface DisplayCapture {
  /** Telemetry outputs (the first display and every in-place update). */
  snapshots: number;
  /** Bytes of the telemetry JSON, summed: what iopub would have carried to the browser. */
  snapshotBytes: number;
  /** The longest gap between two snapshots while the run was going, in ms. */
  longestGapMs: number;
  /** The last snapshot, parsed (its mode, done, batches...). */
  last: Record<string, unknown> | undefined;
  /** Other outputs (the session banner, the study's tables and charts). */
  outputs: number;
  /** Bytes of those outputs' representations, summed. */
  outputBytes: number;
  /** Called with each snapshot's `done + failed` so the kernel can note memory against progress. */
  onSnapshot?: (doneOrFailed: number, total: number) => void;
}

/**
 * Stands in for a Jupyter kernel's display: kernel-helpers writes through tslab's
 * `lastWriteDisplayData` when it is set (kernel-display.ts), so setting it makes this process take
 * the path a notebook takes (HTML built and sanitised, snapshots serialised) while the outputs are
 * counted and dropped instead of sent over iopub. Resolved from kernel-helpers' own location so it
 * is the module instance kernel-helpers reads.
 */
export function captureKernelDisplay(): DisplayCapture {
  const kernelHelpers = fileURLToPath(import.meta.resolve("@discernus/kernel-helpers"));
  const jupyter = createRequire(kernelHelpers)("tslab/dist/jupyter.js") as {
    lastWriteDisplayData: WriteDisplayData | null;
  };
  const capture: DisplayCapture = {
    snapshots: 0,
    snapshotBytes: 0,
    longestGapMs: 0,
    last: undefined,
    outputs: 0,
    outputBytes: 0,
  };
  let lastAt: number | undefined;
  jupyter.lastWriteDisplayData = (content) => {
    const telemetry = content.data[TELEMETRY_MIME];
    if (typeof telemetry !== "string") {
      capture.outputs++;
      for (const value of Object.values(content.data))
        capture.outputBytes += typeof value === "string" ? value.length : JSON.stringify(value).length;
      return;
    }
    const now = performance.now();
    if (lastAt !== undefined) capture.longestGapMs = Math.max(capture.longestGapMs, now - lastAt);
    lastAt = now;
    capture.snapshots++;
    capture.snapshotBytes += telemetry.length;
    const snapshot = JSON.parse(telemetry) as Record<string, unknown>;
    capture.last = snapshot;
    const done = Number(snapshot.done ?? 0) + Number(snapshot.failed ?? 0);
    capture.onSnapshot?.(done, Number(snapshot.total ?? 0));
  };
  return capture;
}
