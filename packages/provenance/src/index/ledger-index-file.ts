import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { sha256Hex } from "../sha256-hex.js";
import { lastNewlineBefore } from "../recover-torn-tail.js";
import { LedgerIndex, type LedgerIndexSnapshot } from "./ledger-index.js";

const FORMAT = "discernus.ledger-index";
// 2: adds the batches; an older saved index is ignored and the ledger scanned again.
const VERSION = 2;

/** Where a saved index says the ledger stood when it was saved. */
export interface IndexCheckpoint {
  /** Bytes of the ledger the index covers (ends with a newline). */
  offset: number;
  seq: number;
  head: string;
  notebook: string;
}

interface IndexFile extends LedgerIndexSnapshot, IndexCheckpoint {
  format: typeof FORMAT;
  version: number;
}

/**
 * The ledger's index saved beside it (`<ledger>.index`) when a session closes, so the next session
 * reads only what was appended since instead of re-parsing every record. It is a cache: local,
 * never shared or embedded, ignored whenever it does not match the ledger it claims to cover.
 */
export function indexPathFor(ledgerPath: string): string {
  return `${ledgerPath}.index`;
}

export function saveLedgerIndex(ledgerPath: string, index: LedgerIndex, checkpoint: IndexCheckpoint): void {
  const file: IndexFile = { format: FORMAT, version: VERSION, ...checkpoint, ...index.snapshot() };
  const path = indexPathFor(ledgerPath);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file));
  renameSync(temp, path);
}

/**
 * The saved index and where it stops, if it still describes this ledger: the line that ends at
 * its offset must hash to its head and carry its seq (so the ledger was not replaced, cut or
 * rewritten up to there). Anything else, including no file, means a full scan.
 */
export function loadLedgerIndex(
  ledgerPath: string,
  ledgerBytes: number,
): { index: LedgerIndex; checkpoint: IndexCheckpoint } | undefined {
  let file: IndexFile;
  try {
    file = JSON.parse(readFileSync(indexPathFor(ledgerPath), "utf8")) as IndexFile;
  } catch {
    return undefined;
  }
  if (file.format !== FORMAT || file.version !== VERSION) return undefined;
  if (!(file.offset > 0 && file.offset <= ledgerBytes)) return undefined;
  const fd = openSync(ledgerPath, "r");
  try {
    const end = file.offset - 1;
    const newline = Buffer.alloc(1);
    readSync(fd, newline, 0, 1, end);
    if (newline[0] !== 0x0a) return undefined;
    const start = lastNewlineBefore(fd, end) + 1;
    const line = Buffer.alloc(end - start);
    readSync(fd, line, 0, line.length, start);
    if (sha256Hex(line) !== file.head) return undefined;
    if ((JSON.parse(line.toString("utf8")) as { seq?: unknown }).seq !== file.seq) return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  try {
    return {
      index: LedgerIndex.fromSnapshot(file),
      checkpoint: { offset: file.offset, seq: file.seq, head: file.head, notebook: file.notebook },
    };
  } catch {
    return undefined;
  }
}
