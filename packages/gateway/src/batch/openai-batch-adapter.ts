import OpenAI, { toFile } from "openai";
import type { Batch } from "openai/resources/batches";
import type { ChatCompletion } from "openai/resources/chat/completions/completions";
import { readChatCompletion } from "../providers/openai-chat-result.js";
import { redactSecrets } from "../providers/redact-secrets.js";
import { parseOpenAIRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import type { BatchAdapter, BatchCallOptions, SubmittedBatch } from "./batch-adapter.js";
import { BatchFailedError } from "./batch-failed-error.js";
import { BatchItemError } from "./batch-item-error.js";
import type { BatchItemOutcome } from "./batch-item-outcome.js";
import { BatchNotEndedError } from "./batch-not-ended-error.js";
import { FINAL_BATCH_STATES, type BatchState, type BatchStatus } from "./batch-status.js";
import { OPENAI_BATCH_ENDPOINT, openAIBatchLine } from "./batch-wire.js";
import { answeredItem, missingItem } from "./answered-item.js";
import { parseJsonl } from "./parse-jsonl.js";
import type { PlannedBatch } from "./plan-batches.js";
import { sdkBatchCall, type SdkBatchContext } from "./sdk-batch-call.js";

export interface OpenAIBatchAdapterOptions {
  provider: string;
  apiKey: string;
  baseUrl?: string;
}

/** A line of a batch output or error file (OpenAI's Batch API reference, "The request output object"). */
interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; request_id?: string; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

const STATES: Record<Batch["status"], BatchState> = {
  validating: "validating",
  in_progress: "in_progress",
  finalizing: "finalizing",
  // A batch winding down after a cancel is still running: its items may yet finish.
  cancelling: "in_progress",
  completed: "ended",
  expired: "expired",
  cancelled: "cancelled",
  failed: "failed",
};

const seconds = (s: number | null | undefined) => (s === null || s === undefined ? undefined : s * 1000);

/** OpenAI's Files + Batches API (one model per batch, results as JSONL output and error files). */
export function createOpenAIBatchAdapter(options: OpenAIBatchAdapterOptions): BatchAdapter {
  // The gateway owns retries, as for interactive calls.
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl ?? null, maxRetries: 0 });
  const provider = options.provider;
  const ctx: SdkBatchContext = {
    provider,
    apiKey: options.apiKey,
    parseRateLimit: parseOpenAIRateLimitHeaders,
  };
  const clean = (text: string) => redactSecrets(text, [options.apiKey]);

  const status = (batch: Batch): BatchStatus => {
    const state = STATES[batch.status] ?? "in_progress";
    const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
    const result: BatchStatus = {
      batchId: batch.id,
      provider,
      state,
      cancelling: batch.status === "cancelling",
      counts: {
        total: counts.total,
        processing: Math.max(0, counts.total - counts.completed - counts.failed),
        succeeded: counts.completed,
        // OpenAI counts expired and cancelled items as failed; results() tells them apart.
        errored: counts.failed,
        expired: 0,
        cancelled: 0,
      },
      createdAt: batch.created_at * 1000,
      expiresAt: seconds(batch.expires_at),
      endedAt: seconds(batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at),
    };
    if (state === "failed")
      result.failure = new BatchFailedError(
        batch.id,
        provider,
        (batch.errors?.data ?? []).map((e) => ({
          code: e.code ?? "unknown",
          message: clean(e.message ?? ""),
          ...(typeof e.line === "number" ? { line: e.line } : {}),
        })),
      );
    return result;
  };

  const retrieve = (batchId: string, opts: BatchCallOptions) =>
    sdkBatchCall(ctx, `retrieve ${batchId}`, () => client.batches.retrieve(batchId, { signal: opts.signal }));

  const download = async (fileId: string | null | undefined, batchId: string, opts: BatchCallOptions) => {
    if (!fileId) return [];
    const text = await sdkBatchCall(ctx, `download ${fileId} of ${batchId}`, async () =>
      (await client.files.content(fileId, { signal: opts.signal })).text(),
    );
    return parseJsonl(text, provider, `File ${fileId} of batch ${batchId}`) as OutputLine[];
  };

  /** An error-file line as the item's typed error. */
  const itemError = (batchId: string, customId: string, line: OutputLine): BatchItemError => {
    if (!line.response) {
      // Never run: OpenAI writes batch_expired / batch_cancelled with no response.
      const code = line.error?.code;
      const kind =
        code === "batch_expired"
          ? "batch_expired"
          : code === "batch_cancelled"
            ? "batch_cancelled"
            : "batch_item_failed";
      return new BatchItemError(kind, {
        batchId,
        customId,
        provider,
        detail: clean(line.error?.message ?? "the provider gave no answer for this item."),
        ...(code ? { reason: code } : {}),
        retryable: true,
      });
    }
    const statusCode = line.response.status_code ?? 0;
    const error = (
      line.response.body as { error?: { message?: string; type?: string; code?: string | null } }
    )?.error;
    const reason = error?.code ?? error?.type ?? undefined;
    return new BatchItemError("batch_item_failed", {
      batchId,
      customId,
      provider,
      detail: `the provider answered ${statusCode}${reason ? ` ${reason}` : ""}: ${clean(error?.message ?? "no message")}`,
      ...(reason ? { reason } : {}),
      status: statusCode,
      retryable: statusCode === 429 || statusCode >= 500,
    });
  };

  return {
    provider,
    kind: "openai",

    async submit(batch: PlannedBatch, opts = {}): Promise<SubmittedBatch> {
      const jsonl = batch.items.map((item) => `${openAIBatchLine(item.customId, item.call)}\n`).join("");
      const file = await sdkBatchCall(ctx, "upload the input file", async () =>
        client.files.create(
          { file: await toFile(Buffer.from(jsonl, "utf8"), "discernus-batch.jsonl"), purpose: "batch" },
          { signal: opts.signal },
        ),
      );
      const created = await sdkBatchCall(ctx, `create a batch from ${file.id}`, () =>
        client.batches.create(
          {
            input_file_id: file.id,
            endpoint: OPENAI_BATCH_ENDPOINT,
            completion_window: "24h",
            ...(opts.metadata ? { metadata: opts.metadata } : {}),
          },
          { signal: opts.signal },
        ),
      );
      return {
        batchId: created.id,
        provider,
        providerKind: "openai",
        itemCount: batch.items.length,
        inputFileId: file.id,
        submittedAt: created.created_at * 1000,
      };
    },

    async poll(batchId, opts = {}) {
      return status(await retrieve(batchId, opts));
    },

    async results(batch, batchId, opts = {}): Promise<BatchItemOutcome[]> {
      const current = await retrieve(batchId, opts);
      const now = status(current);
      if (now.failure) throw now.failure;
      if (!FINAL_BATCH_STATES.has(now.state)) throw new BatchNotEndedError(batchId, provider, now.state);
      const lines = new Map<string, OutputLine>();
      for (const line of [
        ...(await download(current.output_file_id, batchId, opts)),
        ...(await download(current.error_file_id, batchId, opts)),
      ])
        if (typeof line.custom_id === "string") lines.set(line.custom_id, line);
      return batch.items.map((item) => {
        const line = lines.get(item.customId);
        if (!line) return missingItem(batch, item, batchId);
        if (line.response?.status_code !== 200 || line.error)
          return { customId: item.customId, ok: false, error: itemError(batchId, item.customId, line) };
        return answeredItem(
          batch,
          item,
          batchId,
          () => readChatCompletion(line.response?.body as ChatCompletion, item.call, provider),
          line.response.request_id,
        );
      });
    },

    async cancel(batchId, opts = {}) {
      return status(
        await sdkBatchCall(ctx, `cancel ${batchId}`, () =>
          client.batches.cancel(batchId, { signal: opts.signal }),
        ),
      );
    },
  };
}
