import { randomId } from "../http-io.js";
import { openaiProtocol } from "../openai-protocol.js";
import type { ResolvedSimConfig } from "../sim-config.js";
import type { SimStatsRecorder } from "../sim-stats.js";
import { batchProgress, simulatedElapsedMs, type BatchProgress } from "./batch-clock.js";
import { PromptCache } from "../prompt-cache.js";
import { answerBatchItem, type ItemOutcome } from "./batch-item.js";
import type { BatchLineError, OpenAIBatchLine } from "./openai-batch-input.js";
import type { OpenAIFileStore } from "./openai-files.js";

export interface OpenAIBatchRecord {
  id: string;
  inputFileId: string;
  endpoint: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAtMs: number;
  model?: string;
  lines: OpenAIBatchLine[];
  /** Validation errors: a batch with any fails when validation ends. */
  errors: BatchLineError[];
  /** Simulated ms after creation at which cancel was asked. */
  cancelAtSimMs?: number;
  /** The batch's own prompt cache, shared by its items only. */
  promptCache?: PromptCache;
  /** Answers of the first items, in input order, computed as the batch reaches them. */
  outcomes: ItemOutcome[];
  /** Set once the batch has ended and its files are written. */
  files?: { output?: string; error?: string };
}

const UNPROCESSED = {
  expired: {
    code: "batch_expired",
    message: "This request could not be executed before the completion window expired.",
  },
  cancelled: {
    code: "batch_cancelled",
    message: "This request was not executed because the batch was cancelled.",
  },
};

/** OpenAI's Batch API state and lifecycle (validating → in_progress → finalizing → completed …), in memory. */
export class OpenAIBatches {
  readonly #batches: OpenAIBatchRecord[] = [];
  readonly #config: ResolvedSimConfig;
  readonly #files: OpenAIFileStore;
  readonly #stats: SimStatsRecorder;
  readonly #random: () => number;

  constructor(
    config: ResolvedSimConfig,
    files: OpenAIFileStore,
    stats: SimStatsRecorder,
    random: () => number,
  ) {
    this.#config = config;
    this.#files = files;
    this.#stats = stats;
    this.#random = random;
  }

  create(fields: Omit<OpenAIBatchRecord, "id" | "outcomes">): OpenAIBatchRecord {
    const batch: OpenAIBatchRecord = { ...fields, id: randomId("batch_", this.#random), outcomes: [] };
    this.#batches.push(batch);
    return batch;
  }

  get(id: string): OpenAIBatchRecord | undefined {
    return this.#batches.find((b) => b.id === id);
  }

  /** Newest first, as GET /v1/batches lists. */
  list(): OpenAIBatchRecord[] {
    return [...this.#batches].reverse();
  }

  #progress(batch: OpenAIBatchRecord, nowMs: number): BatchProgress {
    const elapsed = simulatedElapsedMs(batch.createdAtMs, nowMs, this.#config.timeScale);
    return batchProgress(this.#config.batch, batch.lines.length, elapsed, {
      ...(batch.cancelAtSimMs !== undefined ? { cancelAtMs: batch.cancelAtSimMs } : {}),
      invalid: batch.errors.length > 0,
    });
  }

  /** Asks to cancel; false when the batch has already ended (OpenAI refuses that cancel). */
  cancel(batch: OpenAIBatchRecord, nowMs: number): boolean {
    const phase = this.#progress(batch, nowMs).phase;
    if (!["validating", "in_progress", "finalizing"].includes(phase)) return phase === "cancelling";
    batch.cancelAtSimMs = simulatedElapsedMs(batch.createdAtMs, nowMs, this.#config.timeScale);
    return true;
  }

  #answerUpTo(batch: OpenAIBatchRecord, processed: number): void {
    for (let i = batch.outcomes.length; i < processed; i++) {
      const line = batch.lines[i] as OpenAIBatchLine;
      batch.outcomes.push(
        answerBatchItem(
          this.#config,
          openaiProtocol,
          { batchId: batch.id, customId: line.customId, body: line.body },
          this.#random,
          (batch.promptCache ??= new PromptCache()),
        ),
      );
    }
  }

  /** Writes the output and error files of a batch that has just ended, once. */
  #finish(batch: OpenAIBatchRecord, progress: BatchProgress, nowMs: number): void {
    if (batch.files || progress.endedAt === undefined || progress.phase === "failed") return;
    const output: string[] = [];
    const errors: string[] = [];
    for (const [i, outcome] of batch.outcomes.slice(0, progress.processed).entries()) {
      const line = {
        id: randomId("batch_req_", this.#random),
        custom_id: batch.lines[i]?.customId,
        response: {
          status_code: outcome.ok ? 200 : outcome.status,
          request_id: outcome.requestId,
          body: outcome.body,
        },
        error: null,
      };
      (outcome.ok ? output : errors).push(JSON.stringify(line));
    }
    const unprocessed =
      progress.phase === "expired" || progress.phase === "cancelled"
        ? UNPROCESSED[progress.phase]
        : undefined;
    for (const line of batch.lines.slice(progress.processed)) {
      if (!unprocessed) break;
      errors.push(
        JSON.stringify({
          id: randomId("batch_req_", this.#random),
          custom_id: line.customId,
          response: null,
          error: unprocessed,
        }),
      );
    }
    const write = (kind: string, lines: string[]) =>
      lines.length === 0
        ? undefined
        : this.#files.add(
            `batch_${batch.id}_${kind}.jsonl`,
            "batch_output",
            Buffer.from(`${lines.join("\n")}\n`),
            nowMs,
          ).id;
    const outputId = write("output", output);
    const errorId = write("error", errors);
    batch.files = { ...(outputId ? { output: outputId } : {}), ...(errorId ? { error: errorId } : {}) };
    const succeeded = batch.outcomes.slice(0, progress.processed).filter((o) => o.ok).length;
    this.#stats.recordBatchItems("openai", {
      succeeded,
      errored: progress.processed - succeeded,
      [progress.phase === "expired" ? "expired" : "canceled"]: batch.lines.length - progress.processed,
    });
  }

  /** The wire Batch object as it stands at `nowMs`; answers items and writes files as they come due. */
  view(batch: OpenAIBatchRecord, nowMs: number) {
    const progress = this.#progress(batch, nowMs);
    this.#answerUpTo(batch, progress.processed);
    this.#finish(batch, progress, nowMs);
    const at = (simMs: number | undefined) =>
      simMs === undefined ? null : Math.floor((batch.createdAtMs + simMs * this.#config.timeScale) / 1000);
    const ended = progress.endedAt;
    const done = batch.outcomes.slice(0, progress.processed);
    const completed = done.filter((o) => o.ok).length;
    const unprocessed =
      progress.phase === "expired" || progress.phase === "cancelled"
        ? batch.lines.length - progress.processed
        : 0;
    const validated = progress.phase !== "validating" && progress.phase !== "failed";
    const usage = { input: 0, cached: 0, output: 0, reasoning: 0 };
    for (const o of done) {
      if (!o.ok) continue;
      usage.input += o.usage.promptTokens;
      usage.cached += o.usage.cacheReadTokens;
      usage.output += o.usage.outputTokens + o.usage.reasoningTokens;
      usage.reasoning += o.usage.reasoningTokens;
    }
    return {
      id: batch.id,
      object: "batch" as const,
      endpoint: batch.endpoint,
      model: batch.model ?? null,
      errors: batch.errors.length > 0 ? { object: "list", data: batch.errors } : null,
      input_file_id: batch.inputFileId,
      completion_window: batch.completionWindow,
      status: progress.phase,
      output_file_id: batch.files?.output ?? null,
      error_file_id: batch.files?.error ?? null,
      created_at: at(0),
      in_progress_at: at(progress.inProgressAt),
      expires_at: at(this.#config.batch.windowMs),
      finalizing_at: at(progress.finalizingAt),
      completed_at: progress.phase === "completed" ? at(ended) : null,
      failed_at: progress.phase === "failed" ? at(ended) : null,
      expired_at: progress.phase === "expired" ? at(ended) : null,
      cancelling_at: at(progress.cancellingAt),
      cancelled_at: progress.phase === "cancelled" ? at(ended) : null,
      request_counts: {
        total: validated ? batch.lines.length : 0,
        completed,
        failed: done.length - completed + unprocessed,
      },
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cached },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: usage.reasoning },
        total_tokens: usage.input + usage.output,
      },
      metadata: batch.metadata,
    };
  }
}
