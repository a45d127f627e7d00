import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "results", "latest.json");

/**
 * Merges one benchmark's section into bench/results/latest.json, keeping the other sections, so
 * each benchmark (gateway, ledger, sidebar...) can be re-run alone. Written via a temporary file
 * and a rename, so an interrupted run never leaves half a file.
 */
export function writeResultsSection(section: string, data: unknown, path = RESULTS_PATH): void {
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    // No results yet, or unreadable: start afresh rather than fail the benchmark.
  }
  current[section] = data;
  current.updatedAt = new Date().toISOString();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(current, null, 2)}\n`);
  renameSync(tmp, path);
}
