import { closeSync, existsSync, fdatasyncSync, openSync, statSync, writeFileSync, writeSync } from "node:fs";
import { canonicalJson } from "@discernus/gateway";
import { LedgerCorruptError } from "./ledger-errors.js";
import { LEDGER_FORMAT, LEDGER_VERSION, type LedgerHeader, type LedgerRecord } from "./ledger-format.js";
import { sha256Hex } from "./sha256-hex.js";
import { LockFile } from "./lock-file.js";
import { readLastLine, recoverTornTail, type TornTail } from "./recover-torn-tail.js";

export interface LedgerOpenOptions {
  /** The notebook the ledger belongs to (written in the header of a new ledger). */
  notebook: string;
  tools?: Record<string, string>;
  now?: () => Date;
}

/**
 * Appends records to a ledger: canonical JSON, one line each, each chained to the previous line by
 * sha256. Appends are synchronous and ordered; `flush()` writes everything pending in one write
 * and one fsync (group commit), so many records cost one disk sync. One writer per ledger, held by
 * a lock file.
 */
export class LedgerWriter {
  readonly path: string;
  /** Set when the ledger ended in a partial line (a crash mid-write), moved aside on open. */
  readonly recoveredTail: TornTail | undefined;
  readonly #lock: LockFile;
  readonly #now: () => Date;
  #fd: number | undefined;
  #seq: number;
  #head: string;
  #pending: string[] = [];
  /** Bytes in the file plus bytes pending: the offset the next line will start at. */
  #size: number;
  /** Bytes written and synced. */
  #durable: number;
  #scheduled: Promise<void> | undefined;
  #closed = false;

  private constructor(
    path: string,
    lock: LockFile,
    seq: number,
    head: string,
    tail: TornTail | undefined,
    now: () => Date,
  ) {
    this.path = path;
    this.#lock = lock;
    this.#seq = seq;
    this.#head = head;
    this.recoveredTail = tail;
    this.#now = now;
    this.#size = this.#durable = statSync(path).size;
  }

  static async open(path: string, options: LedgerOpenOptions): Promise<LedgerWriter> {
    const now = options.now ?? (() => new Date());
    const lock = new LockFile(path);
    lock.acquire();
    try {
      if (!existsSync(path)) {
        const header: LedgerHeader = {
          format: LEDGER_FORMAT,
          version: LEDGER_VERSION,
          seq: 0,
          notebook: options.notebook,
          created: now().toISOString(),
          tools: options.tools ?? {},
        };
        const line = canonicalJson(header);
        writeFileSync(path, `${line}\n`, { flag: "wx" });
        const writer = new LedgerWriter(path, lock, 0, sha256Hex(line), undefined, now);
        writer.#fd = openSync(path, "a");
        return writer;
      }
      const tail = recoverTornTail(path, now());
      const last = readLastLine(path);
      if (last === undefined) throw new LedgerCorruptError(path, 1, "the file is empty: no header");
      let seq: number;
      try {
        seq = (JSON.parse(last) as { seq: number }).seq;
      } catch {
        throw new LedgerCorruptError(path, Number.NaN, "the last line is not JSON");
      }
      if (!Number.isInteger(seq)) throw new LedgerCorruptError(path, Number.NaN, "the last line has no seq");
      const writer = new LedgerWriter(path, lock, seq, sha256Hex(last), tail, now);
      writer.#fd = openSync(path, "a");
      return writer;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** The byte offset the next record's line will start at. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of the file known to be on disk. */
  get durableSize(): number {
    return this.#durable;
  }

  get seq(): number {
    return this.#seq;
  }

  /** sha256 of the last line appended (the chain's head). */
  get head(): string {
    return this.#head;
  }

  /** Adds a record at the end of the chain; durable after the next `flush()`. */
  append(type: string, fields: Record<string, unknown> = {}): LedgerRecord {
    if (this.#closed) throw new Error(`${this.path}: the ledger is closed`);
    const record: LedgerRecord = {
      ...fields,
      seq: this.#seq + 1,
      ts: this.#now().toISOString(),
      type,
      prev: this.#head,
    };
    const line = canonicalJson(record);
    this.#seq = record.seq;
    this.#head = sha256Hex(line);
    this.#pending.push(line);
    this.#size += Buffer.byteLength(line) + 1;
    return record;
  }

  /**
   * Writes and syncs every record appended so far, in one write and one fdatasync (group commit).
   * The write waits for the end of the current event-loop turn, so every call answered in that turn
   * joins it: at 64 calls in flight one sync serves many records instead of one each.
   */
  flush(): Promise<void> {
    this.#scheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.#scheduled = undefined;
        try {
          this.#writePending();
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    return this.#scheduled;
  }

  #writePending(): void {
    if (this.#pending.length === 0 || this.#fd === undefined) return;
    const bytes = Buffer.from(`${this.#pending.join("\n")}\n`);
    this.#pending = [];
    const end = this.#size;
    // Synchronous on purpose: an fdatasync through the thread pool took 0.6 ms here against 0.4 ms
    // inline, and the records waiting for it are all in this one write anyway.
    for (let written = 0; written < bytes.length;)
      written += writeSync(this.#fd, bytes, written, bytes.length - written);
    fdatasyncSync(this.#fd);
    this.#durable = end;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#lock.release();
  }
}
