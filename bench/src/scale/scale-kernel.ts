// The "kernel" of a scale study: a Node process of its own, so the resident memory it measures is
// the study's alone (not the benchmark's, nor the simulator's). Run by run-scale-kernel.ts.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { session, type AnalyzeOptions } from "@discernus/kernel-helpers";
import { captureKernelDisplay } from "./display-capture.js";
import { RssSampler, type RssSample } from "./rss-sampler.js";
import type { ScaleKernelJob, ScaleKernelReport } from "./scale-kernel-job.js";
import { SCALE_KEY_ENV } from "./scale-study-folder.js";
import { syntheticTexts } from "./synthetic-texts.js";

const MB = 1024 * 1024;
const jobPath = process.argv[2];
if (!jobPath) throw new Error("usage: scale-kernel <job.json> (run-scale-kernel.ts writes the job)");
const job = JSON.parse(readFileSync(jobPath, "utf8")) as ScaleKernelJob;
const env = { ...process.env, [SCALE_KEY_ENV]: "sk-sim" };

const analyzeOptions = (label: string): AnalyzeOptions => ({
  framework: job.framework,
  models: [job.model],
  label,
  ...(job.mode === "batch" ? { mode: "batch", batch: { pollIntervalMs: job.pollIntervalMs } } : {}),
});

const capture = captureKernelDisplay();

const sampler = new RssSampler(250);
const texts = syntheticTexts(job.texts);
const dx = await session({ notebook: job.notebook, cwd: job.dir, env });
const rssByProgress: ScaleKernelReport["rssByProgress"] = [];
let nextTenth = 1;
let firstSnapshotMs: number | null = null;
let callsDoneS: number | null = null;
const before = sampler.sample();
const t0 = performance.now();
capture.onSnapshot = (done, total) => {
  firstSnapshotMs ??= performance.now() - t0;
  if (callsDoneS === null && total > 0 && done >= total) callsDoneS = (performance.now() - t0) / 1000;
  while (total > 0 && done >= (total * nextTenth) / 10) {
    const s = sampler.sample();
    rssByProgress.push({ done, rssMb: s.rssMb, heapUsedMb: s.heapUsedMb });
    nextTenth++;
  }
};
const report = (
  completed: boolean,
  analyzed?: { wallS: number; rows: number; totals: ScaleKernelReport["totals"]; after: RssSample },
): ScaleKernelReport => ({
  mode: job.mode,
  texts: job.texts,
  ran: true,
  completed,
  callsDoneS: callsDoneS === null ? null : Math.round(callsDoneS * 10) / 10,
  peakRssMb: Math.round(sampler.peakRssBytes / MB),
  // resourceUsage().maxRSS is in kilobytes.
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  peakHeapUsedMb: Math.round(sampler.peakHeapUsedBytes / MB),
  wallS: Math.round((analyzed?.wallS ?? (performance.now() - t0) / 1000) * 10) / 10,
  firstSnapshotMs: firstSnapshotMs === null ? null : Math.round(firstSnapshotMs),
  snapshots: capture.snapshots,
  snapshotBytes: capture.snapshotBytes,
  longestSnapshotGapMs: Math.round(capture.longestGapMs),
  ...(typeof capture.last?.mode === "string" ? { snapshotMode: capture.last.mode } : {}),
  ...(Array.isArray(capture.last?.batches) ? { batchesInLastSnapshot: capture.last.batches.length } : {}),
  outputs: capture.outputs,
  outputBytes: capture.outputBytes,
  rssByProgress,
  timeline: sampler.timeline,
  rssBeforeAnalyzeMb: before.rssMb,
  heapBeforeAnalyzeMb: before.heapUsedMb,
  rssAfterAnalyzeMb: analyzed?.after.rssMb ?? 0,
  heapAfterAnalyzeMb: analyzed?.after.heapUsedMb ?? 0,
  rows: analyzed?.rows ?? 0,
  totals: analyzed?.totals ?? { calls: 0, cacheHits: 0, failed: 0, costNanoUsd: 0 },
  ledgerPath: dx.ledgerPath,
});
// Rewritten every second, so a kernel stopped at the time cap still tells how far it got. (A long
// synchronous stretch blocks this timer too: the report then is as of just before it.)
const partial = setInterval(() => {
  // Through a rename: the parent may stop this process mid-write.
  writeFileSync(`${job.reportPath}.tmp`, JSON.stringify(report(false)));
  renameSync(`${job.reportPath}.tmp`, job.reportPath);
}, 1_000);
partial.unref();
const study = await dx.analyze(texts, analyzeOptions(`scale ${job.mode}`));
const wallS = (performance.now() - t0) / 1000;
const after = sampler.sample();
clearInterval(partial);
await dx.close();
sampler.stop();
writeFileSync(
  job.reportPath,
  JSON.stringify(report(true, { wallS, rows: study.rows.length, totals: study.totals, after })),
);
