import type { LedgerRecord } from "../ledger-format.js";
import type { CallRecordFields } from "../records/ledger-records.js";
import { addBatchRecord, type LedgerBatch } from "./ledger-batch.js";
import { addRecordToTotals, emptyTotals, type LedgerTotals } from "./ledger-totals.js";

/** Where an answered call's line is: enough to read it back without holding its content. */
export interface IndexedCall {
  seq: number;
  offset: number;
  length: number;
  /** sha256 (hex) of the line, as verified when it was indexed: checked again when it is read. */
  hash: string;
}

/** The index as saved beside the ledger (see LedgerIndexFile). */
export interface LedgerIndexSnapshot {
  records: number;
  totals: LedgerTotals;
  keys: string[];
  seqs: number[];
  offsets: number[];
  lengths: number[];
  /** The lines' sha256, 32 bytes each, base64. */
  hashes: string;
  batches: LedgerBatch[];
}

/**
 * What a ledger holds, without its content: the line of the latest answered call per request hash,
 * and running totals. Memory grows with the number of distinct requests, not with their size.
 */
export class LedgerIndex {
  totals: LedgerTotals = emptyTotals();
  readonly #byKey = new Map<string, number>();
  // Parallel arrays, so an entry costs three numbers rather than an object.
  #seqs = new Float64Array(1024);
  #offsets = new Float64Array(1024);
  #lengths = new Float64Array(1024);
  #hashes = new Uint8Array(1024 * 32);
  #count = 0;
  records = 0;
  readonly #batches = new Map<string, LedgerBatch>();

  get size(): number {
    return this.#byKey.size;
  }

  /** Adds a record that has been verified or just written. */
  add(record: LedgerRecord, offset: number, length: number, hash: string): void {
    this.records++;
    addRecordToTotals(this.totals, record);
    if (record.type === "call") {
      const call = record as unknown as CallRecordFields;
      // A drift check's re-ask (tagged `drift`) is evidence, not an answer to serve: re-runs and
      // replays keep answering from the study's own calls.
      if (call.outcome === "ok" && call.tags?.drift === undefined)
        this.#put(call.cacheKey, record.seq, offset, length, hash);
      if (call.batch) addBatchRecord(this.#batches, record, offset, length, hash);
    } else if (record.type === "batch") addBatchRecord(this.#batches, record, offset, length, hash);
  }

  /** Every batch the ledger recorded, in the order they were submitted. */
  get batches(): readonly LedgerBatch[] {
    return [...this.#batches.values()];
  }

  batch(batchId: string): LedgerBatch | undefined {
    return this.#batches.get(batchId);
  }

  /** The latest answered call for a request hash. */
  lookup(cacheKey: string): IndexedCall | undefined {
    const i = this.#byKey.get(cacheKey);
    if (i === undefined) return undefined;
    return {
      seq: this.#seqs[i] ?? 0,
      offset: this.#offsets[i] ?? 0,
      length: this.#lengths[i] ?? 0,
      hash: Buffer.from(this.#hashes.buffer, i * 32, 32).toString("hex"),
    };
  }

  snapshot(): LedgerIndexSnapshot {
    const n = this.#count;
    return {
      records: this.records,
      totals: this.totals,
      keys: [...this.#byKey.keys()],
      seqs: Array.from(this.#seqs.subarray(0, n)),
      offsets: Array.from(this.#offsets.subarray(0, n)),
      lengths: Array.from(this.#lengths.subarray(0, n)),
      hashes: Buffer.from(this.#hashes.buffer, 0, n * 32).toString("base64"),
      batches: this.batches.map((b) => structuredClone(b)),
    };
  }

  static fromSnapshot(snapshot: LedgerIndexSnapshot): LedgerIndex {
    const index = new LedgerIndex();
    const n = snapshot.keys.length;
    const hashes = Buffer.from(snapshot.hashes, "base64");
    if (
      snapshot.seqs.length !== n ||
      snapshot.offsets.length !== n ||
      snapshot.lengths.length !== n ||
      hashes.length !== n * 32
    )
      throw new Error("the saved index's columns differ in length");
    let capacity = 1024;
    while (capacity < n) capacity *= 2;
    index.#seqs = new Float64Array(capacity);
    index.#offsets = new Float64Array(capacity);
    index.#lengths = new Float64Array(capacity);
    index.#hashes = new Uint8Array(capacity * 32);
    index.#seqs.set(snapshot.seqs);
    index.#offsets.set(snapshot.offsets);
    index.#lengths.set(snapshot.lengths);
    index.#hashes.set(hashes);
    snapshot.keys.forEach((key, i) => index.#byKey.set(key, i));
    index.#count = n;
    index.records = snapshot.records;
    index.totals = snapshot.totals;
    for (const b of snapshot.batches) index.#batches.set(b.batch, b);
    return index;
  }

  #put(cacheKey: string, seq: number, offset: number, length: number, hash: string): void {
    let i = this.#byKey.get(cacheKey);
    if (i === undefined) {
      if (this.#count === this.#seqs.length) this.#grow();
      i = this.#count++;
      this.#byKey.set(cacheKey, i);
    }
    this.#seqs[i] = seq;
    this.#offsets[i] = offset;
    this.#lengths[i] = length;
    this.#hashes.set(Buffer.from(hash, "hex"), i * 32);
  }

  #grow(): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.#seqs = grow(this.#seqs);
    this.#offsets = grow(this.#offsets);
    this.#lengths = grow(this.#lengths);
    const hashes = new Uint8Array(this.#hashes.length * 2);
    hashes.set(this.#hashes);
    this.#hashes = hashes;
  }
}
