import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { canonicalJson, type GatewayResponse } from "@discernus/gateway";
import { LedgerCorruptError } from "./ledger-errors.js";
import { sha256Hex } from "./sha256-hex.js";
import { LedgerWriter } from "./ledger-writer.js";
import { readLedgerLines } from "./read/ledger-lines.js";
import type { StoredResponse } from "./records/ledger-records.js";

/** `study.provenance.jsonl` -> `study.provenance.answers.jsonl`: hash mode's answers, kept apart. */
export function answerStorePathFor(ledgerPath: string): string {
  return ledgerPath.replace(/\.jsonl$/, "") + ".answers.jsonl";
}

interface AnswerLine {
  cacheKey: string;
  text: string;
  json?: unknown;
}

/**
 * Hash mode keeps no answer text in the ledger (the ledger is what gets shared), yet a re-run must
 * not pay again: the answers go to a private file beside it, never embedded or exported, chained and
 * crash-safe like the ledger. Each answer is served only if it matches the sha256 the ledger holds.
 */
export class AnswerStore {
  readonly path: string;
  readonly #writer: LedgerWriter;
  readonly #lines = new Map<string, { offset: number; length: number; lineNo: number }>();
  #readFd: number | undefined;

  private constructor(path: string, writer: LedgerWriter) {
    this.path = path;
    this.#writer = writer;
  }

  static exists(ledgerPath: string): boolean {
    return existsSync(answerStorePathFor(ledgerPath));
  }

  static async open(ledgerPath: string, notebook: string): Promise<AnswerStore> {
    const path = answerStorePathFor(ledgerPath);
    const writer = await LedgerWriter.open(path, { notebook });
    const store = new AnswerStore(path, writer);
    for await (const { lineNo, offset, text } of readLedgerLines(path)) {
      if (lineNo === 1) continue;
      const key = /"cacheKey":"([0-9a-f]{64})"/.exec(text)?.[1];
      if (key) store.#lines.set(key, { offset, length: Buffer.byteLength(text), lineNo });
    }
    return store;
  }

  put(response: GatewayResponse): void {
    const offset = this.#writer.size;
    const line: AnswerLine = { cacheKey: response.cacheKey, text: response.text };
    if (response.json !== undefined) line.json = response.json;
    this.#writer.append("answer", line as unknown as Record<string, unknown>);
    this.#lines.set(response.cacheKey, {
      offset,
      length: this.#writer.size - offset - 1,
      lineNo: this.#writer.seq + 1,
    });
  }

  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** The answer's text and structured output, checked against the hashes the ledger recorded. */
  async get(
    cacheKey: string,
    recorded: StoredResponse,
  ): Promise<{ text: string; json?: unknown } | undefined> {
    const at = this.#lines.get(cacheKey);
    if (!at) return undefined;
    if (at.offset + at.length > this.#writer.durableSize) await this.#writer.flush();
    const bytes = Buffer.alloc(at.length);
    this.#readFd ??= openSync(this.path, "r");
    readSync(this.#readFd, bytes, 0, at.length, at.offset);
    const answer = JSON.parse(bytes.toString("utf8")) as AnswerLine;
    const jsonMatches =
      recorded.jsonSha256 === undefined
        ? answer.json === undefined
        : answer.json !== undefined && sha256Hex(canonicalJson(answer.json)) === recorded.jsonSha256;
    if (sha256Hex(answer.text) !== recorded.textSha256 || !jsonMatches)
      throw new LedgerCorruptError(
        this.path,
        at.lineNo,
        "this answer does not match the sha256 the ledger recorded for it, so it is not served",
      );
    return answer.json !== undefined ? { text: answer.text, json: answer.json } : { text: answer.text };
  }

  async close(): Promise<void> {
    if (this.#readFd !== undefined) closeSync(this.#readFd);
    this.#readFd = undefined;
    await this.#writer.close();
  }
}
