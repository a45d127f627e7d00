import { anthropicProtocol } from "../anthropic-protocol.js";
import { randomId } from "../http-io.js";
import type { ResolvedSimConfig } from "../sim-config.js";
import type { SimStatsRecorder } from "../sim-stats.js";
import { batchProgress, simulatedElapsedMs, type BatchProgress } from "./batch-clock.js";
import { PromptCache } from "../prompt-cache.js";
import { answerBatchItem, type ItemOutcome } from "./batch-item.js";

export interface AnthropicBatchRequest {
  customId: string;
  params: unknown;
}

export interface AnthropicBatchRecord {
  id: string;
  createdAtMs: number;
  requests: AnthropicBatchRequest[];
  /** Simulated ms after creation at which cancel was asked. */
  cancelAtSimMs?: number;
  /** The batch's own prompt cache, shared by its items only. */
  promptCache?: PromptCache;
  /** Answers of the first items, in input order, computed as the batch reaches them. */
  outcomes: ItemOutcome[];
  /** The results JSONL, written once the batch has ended. */
  results?: string;
}

type Counts = { processing: number; succeeded: number; errored: number; canceled: number; expired: number };

function processingStatus(phase: BatchProgress["phase"]): "in_progress" | "canceling" | "ended" {
  if (phase === "cancelling") return "canceling";
  return phase === "completed" || phase === "expired" || phase === "cancelled" ? "ended" : "in_progress";
}

/** Anthropic's Message Batches state and lifecycle (in_progress → canceling → ended), in memory. */
export class AnthropicBatches {
  readonly #batches: AnthropicBatchRecord[] = [];
  readonly #config: ResolvedSimConfig;
  readonly #stats: SimStatsRecorder;
  readonly #random: () => number;

  constructor(config: ResolvedSimConfig, stats: SimStatsRecorder, random: () => number) {
    this.#config = config;
    this.#stats = stats;
    this.#random = random;
  }

  create(requests: AnthropicBatchRequest[], nowMs: number): AnthropicBatchRecord {
    const batch = { id: randomId("msgbatch_01", this.#random), createdAtMs: nowMs, requests, outcomes: [] };
    this.#batches.push(batch);
    return batch;
  }

  get(id: string): AnthropicBatchRecord | undefined {
    return this.#batches.find((b) => b.id === id);
  }

  /** Newest first, as GET /v1/messages/batches lists. */
  list(): AnthropicBatchRecord[] {
    return [...this.#batches].reverse();
  }

  delete(batch: AnthropicBatchRecord): void {
    this.#batches.splice(this.#batches.indexOf(batch), 1);
  }

  status(batch: AnthropicBatchRecord, nowMs: number): "in_progress" | "canceling" | "ended" {
    return processingStatus(this.#progress(batch, nowMs).phase);
  }

  #progress(batch: AnthropicBatchRecord, nowMs: number): BatchProgress {
    const elapsed = simulatedElapsedMs(batch.createdAtMs, nowMs, this.#config.timeScale);
    return batchProgress(
      this.#config.batch,
      batch.requests.length,
      elapsed,
      batch.cancelAtSimMs !== undefined ? { cancelAtMs: batch.cancelAtSimMs } : {},
    );
  }

  /** Asks to cancel a batch in progress; false when it has already ended. */
  cancel(batch: AnthropicBatchRecord, nowMs: number): boolean {
    const status = this.status(batch, nowMs);
    if (status === "in_progress")
      batch.cancelAtSimMs = simulatedElapsedMs(batch.createdAtMs, nowMs, this.#config.timeScale);
    return status !== "ended";
  }

  /** Answers the items the batch has reached; once it has ended, writes its results, once. */
  #advance(batch: AnthropicBatchRecord, progress: BatchProgress): void {
    for (let i = batch.outcomes.length; i < progress.processed; i++) {
      const request = batch.requests[i] as AnthropicBatchRequest;
      batch.outcomes.push(
        answerBatchItem(
          this.#config,
          anthropicProtocol,
          { batchId: batch.id, customId: request.customId, body: request.params },
          this.#random,
          (batch.promptCache ??= new PromptCache()),
        ),
      );
    }
    if (batch.results !== undefined || processingStatus(progress.phase) !== "ended") return;
    const left = progress.phase === "expired" ? "expired" : "canceled";
    const lines = batch.requests.map(({ customId }, i) => {
      const outcome = i < progress.processed ? batch.outcomes[i] : undefined;
      const result = !outcome
        ? { type: left }
        : outcome.ok
          ? { type: "succeeded", message: outcome.body }
          : { type: "errored", error: outcome.body };
      return JSON.stringify({ custom_id: customId, result });
    });
    batch.results = `${lines.join("\n")}\n`;
    const { succeeded, errored, canceled, expired } = this.#counts(batch, progress);
    this.#stats.recordBatchItems("anthropic", { succeeded, errored, canceled, expired });
  }

  #counts(batch: AnthropicBatchRecord, progress: BatchProgress): Counts {
    const total = batch.requests.length;
    // Anthropic: "Requests start as processing and move to one of the other statuses only once
    // processing of the entire batch ends."
    if (processingStatus(progress.phase) !== "ended")
      return { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    const done = batch.outcomes.slice(0, progress.processed);
    const succeeded = done.filter((o) => o.ok).length;
    const left = total - progress.processed;
    return {
      processing: 0,
      succeeded,
      errored: done.length - succeeded,
      canceled: progress.phase === "cancelled" ? left : 0,
      expired: progress.phase === "expired" ? left : 0,
    };
  }

  /** The results JSONL, or undefined while the batch has not ended. */
  results(batch: AnthropicBatchRecord, nowMs: number): string | undefined {
    this.#advance(batch, this.#progress(batch, nowMs));
    return batch.results;
  }

  /** The wire MessageBatch as it stands at `nowMs`; `baseUrl` makes its results_url. */
  view(batch: AnthropicBatchRecord, nowMs: number, baseUrl: string) {
    const progress = this.#progress(batch, nowMs);
    this.#advance(batch, progress);
    const iso = (simMs: number | undefined) =>
      simMs === undefined ? null : new Date(batch.createdAtMs + simMs * this.#config.timeScale).toISOString();
    const status = processingStatus(progress.phase);
    return {
      id: batch.id,
      type: "message_batch" as const,
      processing_status: status,
      request_counts: this.#counts(batch, progress),
      ended_at: status === "ended" ? iso(progress.endedAt) : null,
      created_at: iso(0) as string,
      expires_at: iso(this.#config.batch.windowMs) as string,
      archived_at: null,
      cancel_initiated_at: iso(progress.cancellingAt),
      results_url: status === "ended" ? `${baseUrl}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}
