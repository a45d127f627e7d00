import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import {
  type CallRecorder,
  type GatewayResponse,
  type RecordedCall,
  type ResponseCache,
} from "@discernus/gateway";
import { AnswerStore } from "./answer-store.js";
import { LedgerCorruptError, LedgerWriteError } from "./ledger-errors.js";
import type { LedgerRecord } from "./ledger-format.js";
import { sha256Hex } from "./sha256-hex.js";
import { LedgerWriter } from "./ledger-writer.js";
import { LedgerIndex } from "./index/ledger-index.js";
import { saveLedgerIndex } from "./index/ledger-index-file.js";
import { indexLedger } from "./index/index-ledger.js";
import type { LedgerTotals } from "./index/ledger-totals.js";
import type { LedgerBatch } from "./index/ledger-batch.js";
import { batchItemCallFields, type CollectedItem } from "./records/batch-item-call-fields.js";
import type {
  BatchRecordCounts,
  BatchRecordFields,
  BatchRecordItem,
  BatchRecordState,
  CallRecordFields,
  RunRecordFields,
  StoreMode,
} from "./records/ledger-records.js";
import { recordedCallFields } from "./records/recorded-call-fields.js";
import { responseFromRecord } from "./records/response-from-record.js";
import { LedgerNotebookMismatchError, LedgerNotFoundError } from "./notebook/notebook-errors.js";
import type { TornTail } from "./recover-torn-tail.js";

export interface LedgerOptions {
  /** The notebook the ledger belongs to, as its header names it (a file name beside the ledger). */
  notebook: string;
  /** `"hash"` keeps sha256 of texts and answers instead of their content. Default `"full"`. */
  store?: StoreMode;
  /** `"replay"` needs an existing ledger. Written in the session record. Default `"live"`. */
  mode?: "live" | "replay";
  /** How the notebook was found; written in the session record. */
  boundBy?: string;
  /** The kernel's working folder; written in the session record. */
  folder?: string;
  tools?: Record<string, string>;
  now?: () => Date;
}

/**
 * A notebook's ledger, open for a session: every call the gateway reports is appended and synced
 * before the gateway returns it (CallRecorder), and answered requests are served back from the
 * ledger at no cost (ResponseCache). Opening verifies the whole chain: a cache that answers from
 * an edited ledger would launder the edit.
 */
export class Ledger implements ResponseCache, CallRecorder {
  readonly path: string;
  readonly store: StoreMode;
  readonly #writer: LedgerWriter;
  readonly #index: LedgerIndex;
  readonly #now: () => Date;
  readonly #notebook: string;
  // Hash mode keeps no answers in the ledger: they are in a private store beside it.
  #answers: AnswerStore | undefined;
  #readFd: number | undefined;
  #closed = false;

  private constructor(
    path: string,
    writer: LedgerWriter,
    index: LedgerIndex,
    store: StoreMode,
    now: () => Date,
    notebook: string,
  ) {
    this.path = path;
    this.#notebook = notebook;
    this.#writer = writer;
    this.#index = index;
    this.store = store;
    this.#now = now;
  }

  static async open(path: string, options: LedgerOptions): Promise<Ledger> {
    const mode = options.mode ?? "live";
    if (mode === "replay" && !existsSync(path)) {
      throw new LedgerNotFoundError(
        path,
        "replay answers only from a notebook's ledger: extract it from the notebook first (discernus extract <notebook>), or run live",
      );
    }
    const now = options.now ?? (() => new Date());
    const writer = await LedgerWriter.open(path, {
      notebook: options.notebook,
      now,
      ...(options.tools ? { tools: options.tools } : {}),
    });
    try {
      const { index, report } = await indexLedger(path);
      if (report.status !== "verified") {
        const problem = report.problem ?? { line: 1, problem: "line 1 is unreadable" };
        throw new LedgerCorruptError(path, problem.line, problem.problem.replace(/^line \d+ /, ""));
      }
      if (report.notebook !== undefined && basename(report.notebook) !== basename(options.notebook)) {
        throw new LedgerNotebookMismatchError(path, report.notebook, options.notebook);
      }
      const ledger = new Ledger(
        path,
        writer,
        index,
        options.store ?? "full",
        now,
        report.notebook ?? options.notebook,
      );
      ledger.#append("session", {
        mode,
        store: ledger.store,
        boundBy: options.boundBy ?? "explicit",
        tools: options.tools ?? {},
        ...(options.folder !== undefined ? { folder: options.folder } : {}),
      });
      if (ledger.store === "hash" || AnswerStore.exists(path))
        ledger.#answers = await AnswerStore.open(path, report.notebook ?? options.notebook);
      await writer.flush();
      return ledger;
    } catch (err) {
      await writer.close();
      throw err;
    }
  }

  /** Set when the ledger ended in a partial line (a crash mid-write), moved aside on open. */
  get recoveredTail(): TornTail | undefined {
    return this.#writer.recoveredTail;
  }

  get records(): number {
    return this.#writer.seq;
  }

  get head(): string {
    return this.#writer.head;
  }

  get totals(): LedgerTotals {
    return this.#index.totals;
  }

  /** Reads back a record the index points at, checked against the sha256 it had when verified. */
  async #readIndexed(
    at: { seq: number; offset: number; length: number; hash: string },
    what: string,
  ): Promise<unknown> {
    if (at.offset + at.length > this.#writer.durableSize) await this.#writer.flush();
    const line = Buffer.alloc(at.length);
    this.#readFd ??= openSync(this.path, "r");
    readSync(this.#readFd, line, 0, at.length, at.offset);
    // The line was verified when indexed; an edit since then must not be acted on.
    if (sha256Hex(line) !== at.hash)
      throw new LedgerCorruptError(
        this.path,
        at.seq + 1,
        `changed since it was verified (its sha256 differs), so ${what}`,
      );
    return JSON.parse(line.toString("utf8"));
  }

  async get(cacheKey: string): Promise<GatewayResponse | undefined> {
    const at = this.#index.lookup(cacheKey);
    if (!at) return undefined;
    const record = (await this.#readIndexed(at, "its answer is not served")) as CallRecordFields;
    const full = responseFromRecord(record);
    if (full || record.store !== "hash" || !record.response || !this.#answers) return full;
    const answer = await this.#answers.get(cacheKey, record.response);
    return answer
      ? responseFromRecord({ ...record, response: { ...record.response, ...answer } })
      : undefined;
  }

  /** Nothing to do: `record()` has already indexed the answer. */
  set(): void {}

  async record(call: RecordedCall): Promise<void> {
    const originalSeq =
      call.kind === "cache_hit" ? (this.#index.lookup(call.response.cacheKey)?.seq ?? 0) : 0;
    const { type, fields } = recordedCallFields(call, this.store, originalSeq, this.#now());
    this.#append(type, fields);
    try {
      if (call.kind === "call" && this.store === "hash" && this.#answers) {
        this.#answers.put(call.response);
        await Promise.all([this.#answers.flush(), this.#writer.flush()]);
      } else await this.#writer.flush();
    } catch (err) {
      // The call may be paid already: say so plainly rather than surface a bare ENOSPC.
      throw new LedgerWriteError(
        this.path,
        `the record of call ${"callId" in call ? call.callId : call.response.callId}`,
        err,
      );
    }
  }

  /** The budget's cap, written when a session starts or the cap changes. */
  async recordBudgetCap(state: {
    capNanoUsd: number | null;
    spentNanoUsd: number;
    reservedNanoUsd: number;
  }): Promise<void> {
    this.#append("budget", { action: "cap", ...state });
    await this.#writer.flush();
  }

  /** One analyze() run's start or end (see RunRecordFields). */
  async recordRun(fields: RunRecordFields): Promise<LedgerRecord> {
    const record = this.#append("run", fields);
    await this.#writer.flush();
    return record;
  }

  /** Every provider batch this ledger recorded, oldest first; in flight while `collected` is unset. */
  get batches(): readonly LedgerBatch[] {
    return this.#index.batches;
  }

  /** The requests of a submitted batch, as its `submitted` record holds them. */
  async batchItems(batchId: string): Promise<BatchRecordItem[]> {
    const batch = this.#index.batch(batchId);
    if (!batch) throw new Error(`internal: batch ${batchId} is not in ${this.path}`);
    const record = (await this.#readIndexed(
      batch.submitted,
      `batch ${batchId} cannot be collected from it`,
    )) as BatchRecordFields;
    return record.items ?? [];
  }

  /** A batch's `submitted` or `polled` step (see BatchRecordFields), synced before it returns. */
  async recordBatch(fields: BatchRecordFields): Promise<LedgerRecord> {
    const record = this.#append("batch", fields);
    await this.#flush(`the ${fields.action} record of batch ${fields.batch}`);
    return record;
  }

  /**
   * Writes every item of a finished batch as a `call` record, then the batch's `collected` record,
   * and syncs them together. Items already recorded (a collection a crash cut short) are skipped,
   * so an item is never counted twice. `run` tags the items with the run that collected them.
   */
  async recordCollectedBatch(
    batchId: string,
    items: readonly CollectedItem[],
    end: { state: BatchRecordState; counts: BatchRecordCounts; error?: { code: string; message: string } },
    run?: string,
  ): Promise<{ answered: number; failed: number; costNanoUsd: number }> {
    const batch = this.#index.batch(batchId);
    if (!batch) throw new Error(`internal: batch ${batchId} is not in ${this.path}`);
    if (batch.collected) return batch.collected;
    const already = new Set(batch.recorded);
    const now = this.#now();
    for (const collected of items) {
      if (already.has(collected.item.customId)) continue;
      const tags = run ? { ...collected.item.tags, run } : collected.item.tags;
      this.#append("call", batchItemCallFields(batch, collected, this.store, now, tags));
      if ("response" in collected && this.store === "hash" && this.#answers)
        this.#answers.put(collected.response);
    }
    // Counted from the ledger, so items recorded before a crash are in the totals too.
    const totals = { answered: 0, failed: 0, costNanoUsd: 0 };
    for (const collected of items) {
      if ("response" in collected) {
        totals.answered++;
        totals.costNanoUsd += collected.response.cost.totalNanoUsd;
      } else totals.failed++;
    }
    this.#append("batch", {
      action: "collected",
      batch: batchId,
      provider: batch.provider,
      ...(batch.run ? { run: batch.run } : {}),
      state: end.state,
      counts: end.counts,
      ...totals,
      ...(end.error ? { error: end.error } : {}),
    } satisfies BatchRecordFields);
    if (this.#answers) await this.#answers.flush();
    await this.#flush(`the results of batch ${batchId}`);
    return totals;
  }

  async #flush(what: string): Promise<void> {
    try {
      await this.#writer.flush();
    } catch (err) {
      throw new LedgerWriteError(this.path, what, err);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#readFd !== undefined) closeSync(this.#readFd);
    this.#readFd = undefined;
    await this.#answers?.close();
    await this.#writer.flush();
    // Saved while the lock is still held, so no other writer can have appended past it.
    saveLedgerIndex(this.path, this.#index, {
      offset: this.#writer.durableSize,
      seq: this.#writer.seq,
      head: this.#writer.head,
      notebook: this.#notebook,
    });
    await this.#writer.close();
  }

  #append(type: string, fields: object): LedgerRecord {
    const offset = this.#writer.size;
    const record = this.#writer.append(type, fields as Record<string, unknown>);
    this.#index.add(record, offset, this.#writer.size - offset - 1, this.#writer.head);
    return record;
  }
}
