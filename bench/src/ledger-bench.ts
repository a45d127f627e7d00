import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LedgerWriter, verifyLedger } from "@discernus/provenance";

export interface LedgerFigures {
  records: number;
  appends_per_s: number;
  verify_records_per_s: number;
}

/**
 * Appends `records` call-sized records (group commit: one write and one fsync per 100 records,
 * about what a busy study produces between flushes), then verifies the whole file.
 */
export async function runLedgerBench(records: number, log: (line: string) => void): Promise<LedgerFigures> {
  const dir = mkdtempSync(join(tmpdir(), "discernus-ledger-bench-"));
  try {
    const path = join(dir, "study.provenance.jsonl");
    const ledger = await LedgerWriter.open(path, { notebook: "study.ipynb" });
    const response = "The address is measured and hopeful; it speaks of union and duty. ".repeat(4);
    log(`ledger: ${records} appends...`);
    const t0 = performance.now();
    for (let i = 0; i < records; i++) {
      ledger.append("call", {
        model: "openai/gpt-4o-mini",
        request: { hash: `${i}`.padStart(64, "0"), maxTokens: 200 },
        response: { text: response },
        usage: { inputTokens: 412, outputTokens: 61 },
        cost: { totalNanoUsd: 98_400 },
      });
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
    return {
      records,
      appends_per_s: Math.round(records / (appendMs / 1000)),
      verify_records_per_s: Math.round(report.records / (verifyMs / 1000)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
