import type { LedgerRecord } from "../ledger-format.js";
import type {
  BudgetRecordFields,
  CacheHitRecordFields,
  CallRecordFields,
} from "../records/ledger-records.js";
import { addCacheHit, addCall, emptyTotals, type LedgerTotals } from "./ledger-totals.js";

/** Where an answered call's line is: enough to read it back without holding its content. */
export interface IndexedCall {
  seq: number;
  offset: number;
  length: number;
}

/**
 * What a ledger holds, without its content: the line of the latest answered call per request hash,
 * and running totals. Memory grows with the number of distinct requests, not with their size.
 */
export class LedgerIndex {
  readonly totals: LedgerTotals = emptyTotals();
  readonly #byKey = new Map<string, number>();
  // Parallel arrays, so an entry costs three numbers rather than an object.
  #seqs = new Float64Array(1024);
  #offsets = new Float64Array(1024);
  #lengths = new Float64Array(1024);
  #count = 0;
  records = 0;

  get size(): number {
    return this.#byKey.size;
  }

  /** Adds a record that has been verified or just written. */
  add(record: LedgerRecord, offset: number, length: number): void {
    this.records++;
    switch (record.type) {
      case "call": {
        const call = record as unknown as CallRecordFields;
        addCall(this.totals, call);
        if (call.outcome === "ok") this.#put(call.cacheKey, record.seq, offset, length);
        break;
      }
      case "cache_hit":
        addCacheHit(this.totals, record as unknown as CacheHitRecordFields);
        break;
      case "budget": {
        const budget = record as unknown as BudgetRecordFields;
        if (budget.action === "cap") this.totals.budget.capNanoUsd = budget.capNanoUsd;
        else this.totals.budget.refused++;
        break;
      }
      case "session":
        this.totals.sessions++;
        break;
    }
  }

  /** The latest answered call for a request hash. */
  lookup(cacheKey: string): IndexedCall | undefined {
    const i = this.#byKey.get(cacheKey);
    if (i === undefined) return undefined;
    return { seq: this.#seqs[i] ?? 0, offset: this.#offsets[i] ?? 0, length: this.#lengths[i] ?? 0 };
  }

  #put(cacheKey: string, seq: number, offset: number, length: number): void {
    let i = this.#byKey.get(cacheKey);
    if (i === undefined) {
      if (this.#count === this.#seqs.length) this.#grow();
      i = this.#count++;
      this.#byKey.set(cacheKey, i);
    }
    this.#seqs[i] = seq;
    this.#offsets[i] = offset;
    this.#lengths[i] = length;
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
  }
}
