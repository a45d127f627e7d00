import { LedgerScanner, type LedgerRecord, type VerifyReport } from "@discernus/provenance/browser";
import { sha256Hex } from "./sha256-hex.js";
import { encodeUtf8, utf8ByteLength } from "./utf8.js";
import { yieldToEventLoop } from "./yield-to-event-loop.js";

export interface ReadLedgerOptions {
  /** Check the hash chain, sequence and schema of every line (hashes each line). Default true. */
  verify?: boolean;
  /** Also refuse lines re-serialised by something other than Discernus, as `discernus verify` does. Default true. */
  checkCanonicalForm?: boolean;
  /** Lines read between two yields to the event loop. Default 250. */
  linesPerSlice?: number;
  /** Called with each record in order (not the header): verified ones, then, after a failure, the rest as read. */
  onRecord?: (record: LedgerRecord, line: number) => void;
  /**
   * Also report the chain's head after this many records (the sha256 of record N's line; N = 0 is
   * the header's): what a notebook recorded when the ledger was embedded is checked against it.
   */
  headAfter?: number;
  /** Stops reading (rejects with the signal's reason) when aborted, e.g. the notebook was closed. */
  signal?: AbortSignal;
  /** Injected for tests; default: WebCrypto (or the JS fallback) and a macrotask yield. */
  hash?: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>;
  yieldToEventLoop?: () => Promise<void>;
}

export interface LedgerReadResult {
  /** The verdict, when verifying: the same as provenance's `verifyLedger` on the same bytes. */
  report: VerifyReport | undefined;
  /** The notebook the header names. */
  notebook: string | undefined;
  /** Complete lines (ending in "\n"), the header included. */
  lines: number;
  /** Records handed to onRecord. */
  records: number;
  /** Characters of `text` up to and including the last "\n": the part that is whole records. */
  completeLength: number;
  /** UTF-8 bytes after the last "\n": a write cut short, when not 0. */
  tailBytes: number;
  /** Lines after a verification failure that were not JSON records (not shown). */
  unreadable: number;
  /** How many times reading gave the page back to the event loop. */
  yields: number;
  /** The head after `headAfter` records; undefined when the ledger does not verify that far (or not verifying). */
  headAfter: string | undefined;
}

const isRecord = (v: unknown): v is LedgerRecord =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as { type?: unknown }).type === "string";

function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a ledger's text (as the Jupyter Contents API returns it) line by line: verifies each
 * complete line with provenance's LedgerScanner (sha256 of its UTF-8 bytes via WebCrypto) and
 * hands each record to `onRecord`. Works in slices of a few hundred lines with a yield between
 * them, so a 10,000-record ledger never holds the page for long.
 */
export async function readLedgerText(
  text: string,
  options: ReadLedgerOptions = {},
): Promise<LedgerReadResult> {
  const verify = options.verify ?? true;
  const perSlice = Math.max(1, options.linesPerSlice ?? 250);
  const hash = options.hash ?? sha256Hex;
  const pause = options.yieldToEventLoop ?? yieldToEventLoop;
  const scanner = verify
    ? new LedgerScanner({ checkCanonicalForm: options.checkCanonicalForm ?? true })
    : undefined;
  const lastNewline = text.lastIndexOf("\n");
  const result: LedgerReadResult = {
    report: undefined,
    notebook: undefined,
    lines: 0,
    records: 0,
    completeLength: lastNewline + 1,
    tailBytes: utf8ByteLength(text.slice(lastNewline + 1)),
    unreadable: 0,
    yields: 0,
    headAfter: undefined,
  };
  // Record N is on line N + 1 (line 1 is the header).
  const headLine = options.headAfter === undefined ? undefined : options.headAfter + 1;

  const slice: string[] = [];
  let start = 0;
  while (start <= lastNewline) {
    slice.length = 0;
    while (slice.length < perSlice && start <= lastNewline) {
      const end = text.indexOf("\n", start);
      slice.push(text.slice(start, end));
      start = end + 1;
    }
    // Hashes of a slice are computed together: WebCrypto works off the main thread.
    const hashes =
      scanner && !scanner.failure
        ? await Promise.all(slice.map((line) => hash(encodeUtf8(line))))
        : undefined;
    for (let i = 0; i < slice.length; i++) {
      const line = slice[i]!;
      const lineNo = ++result.lines;
      let record: LedgerRecord | undefined;
      if (scanner && !scanner.failure && hashes) {
        record = scanner.push(line, hashes[i]!);
        if (lineNo === headLine && !scanner.failure) result.headAfter = hashes[i];
        if (scanner.failure && lineNo > 1) {
          // The failing line itself is still shown in the history if it reads as a record.
          const value = parseLine(line);
          if (isRecord(value)) record = value;
          else result.unreadable++;
        }
      } else {
        const value = parseLine(line);
        if (lineNo === 1) {
          const notebook = (value as { notebook?: unknown } | undefined)?.notebook;
          if (typeof notebook === "string") result.notebook = notebook;
        } else if (isRecord(value)) record = value;
        else result.unreadable++;
      }
      if (record) {
        result.records++;
        options.onRecord?.(record, lineNo);
      }
    }
    if (start <= lastNewline) {
      options.signal?.throwIfAborted();
      await pause();
      result.yields++;
    }
  }
  if (scanner) {
    result.report = scanner.finish(result.tailBytes);
    result.notebook ??= result.report.notebook;
  }
  return result;
}
