import { parseArgs } from "node:util";
import { runLedgerBench } from "./ledger-bench.js";
import { runOverheadBench } from "./overhead-bench.js";
import { writeResultsSection, RESULTS_PATH } from "./results-file.js";
import { previousScaleResult } from "./scale/previous-scale-result.js";
import { runScaleBench } from "./scale/scale-bench.js";
import { runSchedulingBench } from "./scheduling-bench.js";
import { runSidebarBench } from "./sidebar/sidebar-bench.js";

/**
 * `npm run bench`: the gateway, ledger and sidebar benchmarks. Prints a table and writes bench/results/latest.json.
 * `--quick` runs a smaller study (about half a minute of binding) for a smoke run.
 * `--only scale --texts 10000 --node-arg=--cpu-prof` shortens the scale study and profiles its kernel.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      texts: { type: "string" },
      "node-arg": { type: "string", multiple: true },
      "interactive-only": { type: "boolean", default: false },
      "batch-only": { type: "boolean", default: false },
      "timeout-s": { type: "string" },
    },
  });
  const log = (line: string) => console.error(line);
  const only = values.only;
  if (!only || only === "overhead") {
    const overhead = await runOverheadBench(values.quick ? 1_000 : 5_000, log);
    writeResultsSection("overhead", overhead);
    console.log("\nGateway overhead over the raw openai SDK (zero-latency simulator in another process)");
    console.table({
      "raw SDK p50 (ms)": overhead.raw_p50_ms,
      "gateway p50 (ms)": overhead.gateway_p50_ms,
      "overhead p50 (ms)": overhead.p50_ms,
      "overhead p99 (ms)": overhead.p99_ms,
      "gateway calls/s (64 in flight)": overhead.calls_per_s,
      "gateway + ledger overhead p50 (ms)": overhead.ledger_p50_ms,
      "gateway + ledger overhead p99 (ms)": overhead.ledger_p99_ms,
      "gateway + ledger calls/s (64 in flight)": overhead.ledger_calls_per_s,
      "raw SDK calls/s (64 in flight)": overhead.raw_calls_per_s,
    });
  }
  if (!only || only === "scheduling") {
    const scheduling = await runSchedulingBench(values.quick ? 1.4 : 2.1, log);
    writeResultsSection("scheduling", scheduling);
    console.log(
      `\nScheduling: ${scheduling.requests} requests, limit-bound optimum ${scheduling.optimum_s} s ` +
        "(failed: items that failed on the first pass; passes: re-runs needed to complete the study)",
    );
    console.table({
      "discernus gateway": {
        efficiency: scheduling.efficiency,
        failed: scheduling.failed,
        passes: 1,
        rate429: scheduling.rate429,
      },
      "naive p-limit + SDK retries": {
        efficiency: scheduling.naive_efficiency,
        failed: scheduling.naive_failed,
        passes: scheduling.naive_passes,
        rate429: scheduling.naive_rate429,
      },
      [scheduling.peer.name]: {
        efficiency: scheduling.peer.efficiency,
        failed: scheduling.peer.failed,
        passes: scheduling.peer.passes,
        rate429: scheduling.peer.rate429,
      },
    });
  }
  if (!only || only === "ledger") {
    const ledger = await runLedgerBench(values.quick ? 20_000 : 100_000, log);
    writeResultsSection("ledger", ledger);
    console.log("\nLedger (hash-chained JSONL, group commit every 100 records)");
    console.table({
      records: ledger.records,
      "bytes/record": ledger.bytes_per_record,
      "appends/s": ledger.appends_per_s,
      "verify records/s": ledger.verify_records_per_s,
      "open ms (saved index)": ledger.open_100k_ms,
      "open RSS MB (added)": `${ledger.open_100k_rss_mb} (${ledger.open_100k_rss_added_mb})`,
      "open ms (cold: parse + chain + index)": ledger.open_100k_cold_ms,
    });
  }
  if (!only || only === "sidebar") {
    const sidebar = await runSidebarBench(values.quick ? 1_000 : 5_000, log);
    writeResultsSection("sidebar", sidebar);
    console.log(`\nSidebar (JupyterLab in Chromium, ${sidebar.calls} calls against provider-sim)`);
    console.table({
      "update latency p50 (ms)": sidebar.update_latency_ms_p50,
      "update latency p95 (ms)": sidebar.update_latency_ms_p95,
      "update latency max (ms)": sidebar.update_latency_ms_max,
      "calls shown": sidebar.calls_seen,
      "longest task while calls ran (ms)": sidebar.longest_task_ms,
      "long tasks (> 50 ms) while calls ran": sidebar.long_tasks_over_50ms,
      "Run All click task (ms)": sidebar.run_all_click_task_ms,
      "longest task rendering the result (ms)": sidebar.longest_task_ms_result_render,
      "wall (s)": sidebar.wall_s,
    });
  }
  if (!only || only === "scale") {
    const texts = values.texts ? Number(values.texts) : values.quick ? 10_000 : 100_000;
    const scale = await runScaleBench(texts, log, {
      nodeArgs: values["node-arg"] ?? [],
      interactiveOnly: values["interactive-only"],
      ...(values["timeout-s"] ? { timeoutS: Number(values["timeout-s"]) } : {}),
      ...(values["batch-only"] ? { previousInteractive: previousScaleResult() } : {}),
    });
    writeResultsSection("scale", scale);
    console.log(`\nScale: ${scale.texts} texts x 1 model against provider-sim (kernel in its own process)`);
    const row = (r: typeof scale | Extract<typeof scale.batch, { ran: true }>) => ({
      "peak RSS (MB)": r.peak_rss_mb,
      "wall (s)": r.wall_s,
      "ledger verified": r.ledger_verified,
      "ledger (MB)": r.ledger_mb,
      "verify (s)": r.verify_s,
      snapshots: r.snapshots,
      completed: r.completed,
    });
    console.table({
      interactive: row(scale),
      ...(scale.batch.ran ? { [`batch (${scale.batch.texts} texts)`]: row(scale.batch) } : {}),
    });
    if (!scale.batch.ran) console.log(`batch: not run (${scale.batch.reason})`);
  }
  console.log(`\nwritten: ${RESULTS_PATH}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
