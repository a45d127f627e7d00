import { closeSync, fstatSync, openSync, readSync, writeFileSync, ftruncateSync } from "node:fs";

export interface TornTail {
  /** Where the partial line was moved. */
  movedTo: string;
  bytes: number;
}

/**
 * A crash mid-write leaves a last line without its newline (every line is written whole, newline
 * included, in one write). Such a tail is moved to `<ledger>.torn-<time>` and cut from the ledger,
 * so the chain continues from the last complete record; nothing is dropped silently.
 */
export function recoverTornTail(path: string, now: Date = new Date()): TornTail | undefined {
  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return undefined;
    const start = lastNewlineBefore(fd, size) + 1;
    const torn = Buffer.alloc(size - start);
    readSync(fd, torn, 0, torn.length, start);
    const movedTo = `${path}.torn-${now.toISOString().replace(/[:.]/g, "-")}`;
    writeFileSync(movedTo, torn);
    ftruncateSync(fd, start);
    return { movedTo, bytes: torn.length };
  } finally {
    closeSync(fd);
  }
}

/** Offset of the last "\n" before `end`, or -1; reads backwards in blocks. */
export function lastNewlineBefore(fd: number, end: number): number {
  const block = Buffer.alloc(64 * 1024);
  let pos = end;
  while (pos > 0) {
    const from = Math.max(0, pos - block.length);
    const n = readSync(fd, block, 0, pos - from, from);
    const i = block.subarray(0, n).lastIndexOf(0x0a);
    if (i >= 0) return from + i;
    pos = from;
  }
  return -1;
}

/** The last complete line of a file that ends with "\n" (without the newline). */
export function readLastLine(path: string): string | undefined {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const start = lastNewlineBefore(fd, size - 1) + 1;
    const line = Buffer.alloc(size - 1 - start);
    readSync(fd, line, 0, line.length, start);
    return line.toString("utf8");
  } finally {
    closeSync(fd);
  }
}
