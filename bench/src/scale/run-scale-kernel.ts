import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScaleKernelJob, ScaleKernelReport } from "./scale-kernel-job.js";

/** A kernel process that exited without writing its report. */
export class ScaleKernelFailedError extends Error {
  constructor(code: number | null, signal: string | null, tail: string) {
    super(
      `the scale kernel exited (${signal ?? `code ${String(code)}`}) without a report; ` +
        `its last output:\n${tail}\nRe-run with --texts 10000 to see whether it is the study's size.`,
    );
    this.name = "ScaleKernelFailedError";
  }
}

/** A process's peak resident set (Linux VmHWM), in MB; undefined where /proc has none. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one scale study in a fresh Node process (scale-kernel.js) and returns what it measured.
 * `nodeArgs` go to that process (e.g. `--cpu-prof` or `--heapsnapshot-near-heap-limit=1`). Past
 * `timeoutS` the kernel is stopped and its last partial report returned, with `stoppedAfterS` set.
 */
export async function runScaleKernel(
  job: Omit<ScaleKernelJob, "reportPath">,
  nodeArgs: readonly string[] = [],
  timeoutS = Infinity,
): Promise<ScaleKernelReport> {
  const reportPath = join(job.dir, `${job.mode}-report.json`);
  const jobPath = join(job.dir, `${job.mode}-job.json`);
  writeFileSync(jobPath, JSON.stringify({ ...job, reportPath } satisfies ScaleKernelJob));
  const script = fileURLToPath(new URL("./scale-kernel.js", import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, script, jobPath], {
    cwd: job.dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Only the tail is kept: a 100,000-text study must not fill the benchmark's own memory with logs.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk);
  });
  const startedAt = performance.now();
  let stopped: { afterS: number; osPeakRssMb: number | undefined } | undefined;
  // Past the cap the kernel is stopped; its last partial report says how far it got.
  const cap = Number.isFinite(timeoutS)
    ? setTimeout(() => {
        stopped = {
          afterS: Math.round((performance.now() - startedAt) / 100) / 10,
          osPeakRssMb: peakRssMb(child.pid),
        };
        child.kill("SIGKILL");
      }, timeoutS * 1000)
    : undefined;
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(cap);
  try {
    const report = JSON.parse(readFileSync(reportPath, "utf8")) as ScaleKernelReport;
    if (!stopped) return report;
    return {
      ...report,
      stoppedAfterS: stopped.afterS,
      ...(stopped.osPeakRssMb !== undefined ? { osPeakRssMb: stopped.osPeakRssMb } : {}),
    };
  } catch {
    throw new ScaleKernelFailedError(code, signal, tail);
  }
}
