/** What the parent asks one kernel process to run. */
export interface ScaleKernelJob {
  /** The study folder (holds discernus.config.json and the framework). */
  dir: string;
  notebook: string;
  texts: number;
  model: string;
  framework: string;
  mode: "interactive" | "batch";
  /** For batch mode: how often the kernel polls the provider's batches. */
  pollIntervalMs: number;
  /** Where the kernel writes its ScaleKernelReport (stdout carries the study's own prints). */
  reportPath: string;
}

/** What one kernel process measured. */
export interface ScaleKernelReport {
  mode: "interactive" | "batch";
  texts: number;
  /** False when analyze() did not run the mode asked (see `notRunReason`). */
  ran: boolean;
  /**
   * False in the report the kernel rewrites every second while analyze() runs: the parent reads it
   * when it stops a kernel that passed the time cap.
   */
  completed: boolean;
  /** Seconds from analyze() called until the telemetry said every call was done (null before then). */
  callsDoneS: number | null;
  notRunReason?: string;
  peakRssMb: number;
  /** process.resourceUsage().maxRSS: the kernel's peak as the OS counts it. */
  maxRssMb: number;
  peakHeapUsedMb: number;
  wallS: number;
  /** Milliseconds from analyze() called to the first telemetry snapshot. */
  firstSnapshotMs: number | null;
  snapshots: number;
  snapshotBytes: number;
  longestSnapshotGapMs: number;
  /** The mode the last snapshot reported, if it carries one. */
  snapshotMode?: string;
  batchesInLastSnapshot?: number;
  outputs: number;
  outputBytes: number;
  /** RSS and heap at each tenth of the calls done: flat memory stays near the 10% figure. */
  rssByProgress: { done: number; rssMb: number; heapUsedMb: number }[];
  timeline: { atMs: number; rssMb: number; heapUsedMb: number }[];
  /** Memory just before analyze() and just after it returned (the Study still held). */
  rssBeforeAnalyzeMb: number;
  heapBeforeAnalyzeMb: number;
  rssAfterAnalyzeMb: number;
  heapAfterAnalyzeMb: number;
  rows: number;
  totals: { calls: number; cacheHits: number; failed: number; costNanoUsd: number };
  ledgerPath: string;
  /** Set by the parent when it stopped the kernel at the time cap: after how long. */
  stoppedAfterS?: number;
  /** The kernel's peak resident set as Linux counted it (VmHWM) when it was stopped. */
  osPeakRssMb?: number;
}
