import Anthropic from "@anthropic-ai/sdk";
import type {
  MessageBatch,
  MessageBatchIndividualResponse,
} from "@anthropic-ai/sdk/resources/messages/batches";
import { readMessage } from "../providers/anthropic-message-result.js";
import { redactSecrets } from "../providers/redact-secrets.js";
import { parseAnthropicRateLimitHeaders } from "../schedule/rate-limit-headers.js";
import type { BatchAdapter, BatchCallOptions, SubmittedBatch } from "./batch-adapter.js";
import { BatchItemError } from "./batch-item-error.js";
import type { BatchItemOutcome } from "./batch-item-outcome.js";
import { BatchNotEndedError } from "./batch-not-ended-error.js";
import type { BatchStatus } from "./batch-status.js";
import { anthropicBatchRequest } from "./batch-wire.js";
import { answeredItem, missingItem } from "./answered-item.js";
import type { PlannedBatch, PlannedItem } from "./plan-batches.js";
import { sdkBatchCall, type SdkBatchContext } from "./sdk-batch-call.js";

export interface AnthropicBatchAdapterOptions {
  provider: string;
  apiKey: string;
  baseUrl?: string;
}

/**
 * The HTTP status each Anthropic error type stands for (Anthropic's "Errors" page): an errored
 * batch result carries the type only. Server-side types are worth a new batch; the others are not.
 */
const ERROR_STATUS: Record<string, { status: number; retryable: boolean }> = {
  invalid_request_error: { status: 400, retryable: false },
  authentication_error: { status: 401, retryable: false },
  permission_error: { status: 403, retryable: false },
  not_found_error: { status: 404, retryable: false },
  request_too_large: { status: 413, retryable: false },
  rate_limit_error: { status: 429, retryable: true },
  api_error: { status: 500, retryable: true },
  overloaded_error: { status: 529, retryable: true },
};

const epochMs = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined);

/** Anthropic's Message Batches API (models may mix in a batch; results streamed as JSONL by the SDK). */
export function createAnthropicBatchAdapter(options: AnthropicBatchAdapterOptions): BatchAdapter {
  // The gateway owns retries, as for interactive calls.
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl ?? null, maxRetries: 0 });
  const provider = options.provider;
  const ctx: SdkBatchContext = {
    provider,
    apiKey: options.apiKey,
    parseRateLimit: parseAnthropicRateLimitHeaders,
  };
  const clean = (text: string) => redactSecrets(text, [options.apiKey]);

  const status = (batch: MessageBatch): BatchStatus => {
    const counts = batch.request_counts;
    const ended = batch.processing_status === "ended";
    // Anthropic has one terminal status, "ended"; how it ended shows in the counts and the cancel time.
    const state = !ended
      ? "in_progress"
      : counts.expired > 0
        ? "expired"
        : batch.cancel_initiated_at
          ? "cancelled"
          : "ended";
    return {
      batchId: batch.id,
      provider,
      state,
      cancelling: batch.processing_status === "canceling",
      counts: {
        total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
        processing: counts.processing,
        succeeded: counts.succeeded,
        errored: counts.errored,
        expired: counts.expired,
        cancelled: counts.canceled,
      },
      createdAt: Date.parse(batch.created_at),
      expiresAt: epochMs(batch.expires_at),
      endedAt: epochMs(batch.ended_at),
    };
  };

  const retrieve = (batchId: string, opts: BatchCallOptions) =>
    sdkBatchCall(ctx, `retrieve ${batchId}`, () =>
      client.messages.batches.retrieve(batchId, {}, { signal: opts.signal }),
    );

  const outcome = (
    batch: PlannedBatch,
    item: PlannedItem,
    batchId: string,
    response: MessageBatchIndividualResponse,
  ): BatchItemOutcome => {
    const { result } = response;
    const customId = item.customId;
    switch (result.type) {
      case "succeeded":
        return answeredItem(batch, item, batchId, () => readMessage(result.message, item.call, provider));
      case "errored": {
        const type = result.error?.error?.type ?? "api_error";
        const known = ERROR_STATUS[type] ?? { status: 500, retryable: true };
        const error = new BatchItemError("batch_item_failed", {
          batchId,
          customId,
          provider,
          detail: `the provider answered ${type}: ${clean(result.error?.error?.message ?? "no message")}`,
          reason: type,
          status: known.status,
          retryable: known.retryable,
        });
        return { customId, ok: false, error };
      }
      case "canceled":
      case "expired": {
        const code = result.type === "expired" ? "batch_expired" : "batch_cancelled";
        const error = new BatchItemError(code, {
          batchId,
          customId,
          provider,
          detail:
            result.type === "expired"
              ? "the batch's completion window closed before this item ran."
              : "the batch was cancelled before this item ran.",
          reason: result.type,
          retryable: true,
        });
        return { customId, ok: false, error };
      }
    }
  };

  return {
    provider,
    kind: "anthropic",

    async submit(batch: PlannedBatch, opts = {}): Promise<SubmittedBatch> {
      const created = await sdkBatchCall(ctx, "create a batch", () =>
        client.messages.batches.create(
          { requests: batch.items.map((item) => anthropicBatchRequest(item.customId, item.call)) },
          { signal: opts.signal },
        ),
      );
      // Anthropic batches take no metadata; the caller keeps its labels with the batch id.
      return {
        batchId: created.id,
        provider,
        providerKind: "anthropic",
        itemCount: batch.items.length,
        submittedAt: Date.parse(created.created_at),
      };
    },

    async poll(batchId, opts = {}) {
      return status(await retrieve(batchId, opts));
    },

    async results(batch, batchId, opts = {}): Promise<BatchItemOutcome[]> {
      const now = status(await retrieve(batchId, opts));
      if (now.state === "in_progress") throw new BatchNotEndedError(batchId, provider, now.state);
      // Results stream in any order; look items up by id (a batch may hold 100,000 of them).
      const items = new Map(batch.items.map((item) => [item.customId, item]));
      const found = new Map<string, BatchItemOutcome>();
      await sdkBatchCall(ctx, `results of ${batchId}`, async () => {
        for await (const response of await client.messages.batches.results(
          batchId,
          {},
          { signal: opts.signal },
        )) {
          const item = items.get(response.custom_id);
          // An id the plan does not hold belongs to no request of ours: nothing to map it to.
          if (item) found.set(item.customId, outcome(batch, item, batchId, response));
        }
      });
      return batch.items.map((item) => found.get(item.customId) ?? missingItem(batch, item, batchId));
    },

    async cancel(batchId, opts = {}) {
      return status(
        await sdkBatchCall(ctx, `cancel ${batchId}`, () =>
          client.messages.batches.cancel(batchId, {}, { signal: opts.signal }),
        ),
      );
    },
  };
}
