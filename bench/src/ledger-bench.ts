import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LedgerWriter, verifyLedger } from "@discernus/provenance";
import { benchCallRecord } from "./ledger-bench-record.js";

export interface LedgerFigures {
  records: number;
  bytes_per_record: number;
  appends_per_s: number;
  verify_records_per_s: number;
  /** A session opening a ledger whose previous session closed (its index saved beside it). */
  open_100k_ms: number;
  open_100k_rss_mb: number;
  open_100k_rss_added_mb: number;
  /** The first open, or after a crash: every record parsed, chained and indexed. */
  open_100k_cold_ms: number;
  open_100k_cold_rss_mb: number;
}

/**
 * Appends `records` full-mode call records the size of real ones (group commit: one write and one
 * fsync per 100 records, about what a busy study produces between flushes), verifies the file,
 * then opens it for a session in a fresh process, twice: cold (every record parsed, chained and
 * indexed) and as the next session does (the index its predecessor saved, plus what was appended).
 */
export async function runLedgerBench(records: number, log: (line: string) => void): Promise<LedgerFigures> {
  const dir = mkdtempSync(join(tmpdir(), "discernus-ledger-bench-"));
  try {
    const path = join(dir, "study.provenance.jsonl");
    const ledger = await LedgerWriter.open(path, { notebook: "study.ipynb" });
    const fields = Array.from({ length: 1000 }, (_, i) => benchCallRecord(i));
    log(`ledger: ${records} appends...`);
    const t0 = performance.now();
    for (let i = 0; i < records; i++) {
      const record = fields[i % 1000]!;
      ledger.append("call", { ...record, cacheKey: i.toString(16).padStart(64, "0") });
      if (i % 100 === 99) await ledger.flush();
    }
    await ledger.close();
    const appendMs = performance.now() - t0;
    log(`ledger: verifying...`);
    const t1 = performance.now();
    const report = await verifyLedger(path);
    const verifyMs = performance.now() - t1;
    if (report.status !== "verified")
      throw new Error(`benchmark ledger did not verify: ${report.problem?.problem}`);
    log(`ledger: opening for a session in a fresh process, cold then with the saved index...`);
    const probe = new URL("./ledger-open-probe.js", import.meta.url).pathname;
    const openInProcess = () =>
      JSON.parse(execFileSync(process.execPath, [probe, path], { encoding: "utf8" })) as {
        open_ms: number;
        rss_mb: number;
        rss_added_mb: number;
      };
    const cold = openInProcess();
    const opened = openInProcess();
    return {
      records,
      bytes_per_record: Math.round(statSync(path).size / records),
      appends_per_s: Math.round(records / (appendMs / 1000)),
      verify_records_per_s: Math.round(report.records / (verifyMs / 1000)),
      open_100k_ms: opened.open_ms,
      open_100k_rss_mb: opened.rss_mb,
      open_100k_rss_added_mb: opened.rss_added_mb,
      open_100k_cold_ms: cold.open_ms,
      open_100k_cold_rss_mb: cold.rss_mb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
