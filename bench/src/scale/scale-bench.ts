import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimProcess } from "../sim-process.js";
import { checkScaleLedger, type ScaleLedgerCheck } from "./check-scale-ledger.js";
import { runScaleKernel } from "./run-scale-kernel.js";
import type { ScaleKernelReport } from "./scale-kernel-job.js";
import { SCALE_MODEL, scaleSimConfig } from "./scale-sim-config.js";
import { SCALE_FRAMEWORK, writeScaleStudyFolder } from "./scale-study-folder.js";

/** The kernel's resident-memory target for a 100,000-text study (issue 6). */
export const SCALE_RSS_TARGET_MB = 600;

export interface ScaleBenchOptions {
  /** Node flags for the kernel processes (diagnostics: --cpu-prof, --heapsnapshot-near-heap-limit=1). */
  nodeArgs?: readonly string[];
  /** Calls the gateway keeps in flight per model. */
  concurrency?: number;
  /** Stop a kernel after this many seconds and keep its partial figures (default 600). */
  timeoutS?: number;
  /** Skip the batch-mode run. */
  interactiveOnly?: boolean;
  /**
   * Figures of an earlier interactive run of the same size: the interactive study is not run again
   * (a 100,000-text run takes minutes), only the batch one.
   */
  previousInteractive?: ScaleResult;
}

/** One mode's figures, as bench/results/latest.json holds them. */
export interface ScaleModeResult {
  /** False when the kernel passed the time cap and was stopped: the figures are as far as it got. */
  completed: boolean;
  /** From analyze() called until every call was answered (the rest builds the Study and its outputs). */
  calls_done_s: number | null;
  /** Set when stopped at the cap: the kernel's age then (wall_s is then a lower bound). */
  stopped_after_s?: number;
  peak_rss_mb: number;
  max_rss_mb: number;
  peak_heap_mb: number;
  wall_s: number;
  ledger_verified: boolean;
  ledger_status: string;
  ledger_mb: number;
  ledger_records: number;
  verify_s: number;
  snapshots: number;
  first_snapshot_ms: number | null;
  longest_snapshot_gap_ms: number;
  calls: number;
  failed: number;
  rows: number;
  /** [calls done, RSS MB] at each tenth of the run. */
  rss_by_progress: [number, number][];
  rss_after_mb: number;
}

export type ScaleBatchResult =
  | (ScaleModeResult & {
      ran: true;
      /** Differs from the interactive figure's when `--batch-only` ran a smaller study. */
      texts: number;
      batch_records: Record<string, number>;
      batched_calls: number;
      snapshot_mode: string | null;
    })
  | { ran: false; reason: string };

export type ScaleResult = { texts: number; rss_target_mb: number } & ScaleModeResult & {
    batch: ScaleBatchResult;
  };

function modeResult(kernel: ScaleKernelReport, ledger: ScaleLedgerCheck): ScaleModeResult {
  return {
    completed: kernel.completed,
    calls_done_s: kernel.callsDoneS,
    ...(kernel.stoppedAfterS !== undefined ? { stopped_after_s: kernel.stoppedAfterS } : {}),
    // A long synchronous stretch stops the sampler too; the OS's count then is the better peak.
    peak_rss_mb: Math.max(kernel.peakRssMb, kernel.osPeakRssMb ?? 0, kernel.completed ? kernel.maxRssMb : 0),
    max_rss_mb: kernel.maxRssMb,
    peak_heap_mb: kernel.peakHeapUsedMb,
    wall_s: kernel.wallS,
    ledger_verified: ledger.verified,
    ledger_status: ledger.status,
    ledger_mb: ledger.ledgerMb,
    ledger_records: ledger.records,
    verify_s: ledger.verifyS,
    snapshots: kernel.snapshots,
    first_snapshot_ms: kernel.firstSnapshotMs,
    longest_snapshot_gap_ms: kernel.longestSnapshotGapMs,
    calls: kernel.totals.calls,
    failed: kernel.totals.failed,
    rows: kernel.rows,
    rss_by_progress: kernel.rssByProgress.map((p) => [p.done, p.rssMb]),
    rss_after_mb: kernel.rssAfterAnalyzeMb,
  };
}

function describe(log: (line: string) => void, kernel: ScaleKernelReport): void {
  if (!kernel.completed)
    log(
      `scale ${kernel.mode}: stopped at the time cap after ${String(kernel.stoppedAfterS)} s ` +
        `(calls done at ${String(kernel.callsDoneS)} s; OS peak RSS ${String(kernel.osPeakRssMb)} MB)`,
    );
  log(
    `scale ${kernel.mode}: peak RSS ${kernel.peakRssMb} MB (maxRSS ${kernel.maxRssMb} MB, heap ${kernel.peakHeapUsedMb} MB), ` +
      `${kernel.wallS} s, ${kernel.snapshots} snapshots; before analyze ${kernel.rssBeforeAnalyzeMb} MB ` +
      `(heap ${kernel.heapBeforeAnalyzeMb}), after ${kernel.rssAfterAnalyzeMb} MB (heap ${kernel.heapAfterAnalyzeMb})`,
  );
  log(
    `  timeline (s: rss/heap MB): ${kernel.timeline.map((t) => `${Math.round(t.atMs / 1000)}: ${t.rssMb}/${t.heapUsedMb}`).join(", ")}`,
  );
}

/**
 * A `texts`-text study against provider-sim (in its own process), run by a kernel process of its
 * own, first with live calls and then in batch mode; the parent verifies each ledger.
 */
export async function runScaleBench(
  texts: number,
  log: (line: string) => void,
  options: ScaleBenchOptions = {},
): Promise<ScaleResult> {
  const sim = await startSimProcess(scaleSimConfig());
  const dir = mkdtempSync(join(tmpdir(), "discernus-scale-"));
  const concurrency = options.concurrency ?? 64;
  const nodeArgs = options.nodeArgs ?? [];
  try {
    const base = { texts, model: SCALE_MODEL, framework: SCALE_FRAMEWORK, pollIntervalMs: 500 };
    // A folder per mode: a project's other ledgers are read for its spend, and the batch run must not
    // pay for reading the interactive run's.
    const interactiveDir = join(dir, "interactive");
    const batchDir = join(dir, "batch");
    let interactiveFigures: ScaleModeResult;
    if (options.previousInteractive) {
      const {
        texts: _texts,
        rss_target_mb: _target,
        batch: _batch,
        ...previous
      } = options.previousInteractive;
      interactiveFigures = previous;
      log(
        `scale: interactive figures kept from the earlier run of ${options.previousInteractive.texts} texts`,
      );
    } else {
      log(`scale: ${texts} texts x ${SCALE_MODEL}, interactive, in ${dir}`);
      const interactiveNotebook = writeScaleStudyFolder(
        interactiveDir,
        sim,
        "scale-interactive",
        concurrency,
      );
      const interactive = await runScaleKernel(
        { ...base, dir: interactiveDir, notebook: interactiveNotebook, mode: "interactive" },
        nodeArgs,
        options.timeoutS ?? 600,
      );
      describe(log, interactive);
      const interactiveLedger = await checkScaleLedger(interactive.ledgerPath);
      log(
        `  ledger ${interactiveLedger.status}, ${interactiveLedger.ledgerMb} MB, verified in ${interactiveLedger.verifyS} s`,
      );
      interactiveFigures = modeResult(interactive, interactiveLedger);
    }

    let batch: ScaleBatchResult = { ran: false, reason: "skipped (--interactive-only)" };
    if (!options.interactiveOnly) {
      log(`scale: ${texts} texts x ${SCALE_MODEL}, batch mode`);
      const batchNotebook = writeScaleStudyFolder(batchDir, sim, "scale-batch", concurrency);
      const kernel = await runScaleKernel(
        { ...base, dir: batchDir, notebook: batchNotebook, mode: "batch" },
        nodeArgs,
        options.timeoutS ?? 600,
      );
      if (!kernel.ran) {
        batch = { ran: false, reason: kernel.notRunReason ?? "not run" };
        log(`  batch not run: ${batch.reason}`);
      } else {
        describe(log, kernel);
        const ledger = await checkScaleLedger(kernel.ledgerPath);
        log(
          `  ledger ${ledger.status}, ${ledger.ledgerMb} MB, verified in ${ledger.verifyS} s; batch records ${JSON.stringify(ledger.batchActions)}`,
        );
        batch = {
          ran: true,
          texts,
          ...modeResult(kernel, ledger),
          batch_records: ledger.batchActions,
          batched_calls: ledger.batchedCalls,
          snapshot_mode: kernel.snapshotMode ?? null,
        };
      }
    }
    return {
      texts: options.previousInteractive?.texts ?? texts,
      rss_target_mb: SCALE_RSS_TARGET_MB,
      ...interactiveFigures,
      batch,
    };
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
