import { createReadStream } from "node:fs";

export interface LedgerLine {
  /** 1-based line number (the header is line 1). */
  lineNo: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** The line's text, without its newline. */
  text: string;
  /** The same line's bytes (a view valid until the next line is read): hash these, not the text. */
  bytes: Buffer;
}

/**
 * Streams a ledger's complete lines with their byte offsets, reading 1 MiB at a time, so memory
 * stays flat however long the ledger is. A partial last line (no newline) is not yielded; its size
 * is the generator's return value. `from` starts at a line boundary further in (lineNo: lines before it).
 */
export async function* readLedgerLines(
  path: string,
  from: { offset: number; lineNo: number } = { offset: 0, lineNo: 0 },
): AsyncGenerator<LedgerLine, { tailBytes: number }> {
  let lineNo = from.lineNo;
  let offset = from.offset;
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, start: from.offset })) {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      lineNo++;
      yield { lineNo, offset, text: buf.toString("utf8", start, nl), bytes: buf.subarray(start, nl) };
      offset += nl - start + 1;
      start = nl + 1;
    }
    rest = buf.subarray(start);
  }
  return { tailBytes: rest.length };
}
