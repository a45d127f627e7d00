import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { verifyLedger } from "@discernus/provenance";

/** What the parent found in a scale study's ledger. */
export interface ScaleLedgerCheck {
  verified: boolean;
  status: string;
  records: number;
  ledgerMb: number;
  verifyS: number;
  /** Records by type ("call", "run", "batch"...), and batch records by action. */
  byType: Record<string, number>;
  batchActions: Record<string, number>;
  /** Call records that carry a `batch` reference (answered through a provider batch). */
  batchedCalls: number;
}

/** Verifies the hash chain (timed) and counts what the ledger holds, reading it line by line. */
export async function checkScaleLedger(path: string): Promise<ScaleLedgerCheck> {
  const t0 = performance.now();
  const report = await verifyLedger(path);
  const verifyS = (performance.now() - t0) / 1000;
  const byType: Record<string, number> = {};
  const batchActions: Record<string, number> = {};
  let batchedCalls = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (header || line === "") {
      header = false;
      continue;
    }
    const record = JSON.parse(line) as { type?: string; action?: string; batch?: unknown };
    const type = record.type ?? "?";
    byType[type] = (byType[type] ?? 0) + 1;
    if (type === "batch") batchActions[record.action ?? "?"] = (batchActions[record.action ?? "?"] ?? 0) + 1;
    if (type === "call" && record.batch !== undefined) batchedCalls++;
  }
  return {
    verified: report.status === "verified",
    status: report.problem ? `${report.status}: ${JSON.stringify(report.problem)}` : report.status,
    records: report.records,
    ledgerMb: Math.round((statSync(path).size / (1024 * 1024)) * 10) / 10,
    verifyS: Math.round(verifyS * 100) / 100,
    byType,
    batchActions,
    batchedCalls,
  };
}
