import { DiscernusError, ProviderError } from "../errors.js";
import type { ChatOutput } from "../providers/openai-chat-result.js";
import { batchItemCost } from "./batch-cost.js";
import { BatchItemError } from "./batch-item-error.js";
import type { BatchItemOutcome } from "./batch-item-outcome.js";
import type { PlannedBatch, PlannedItem } from "./plan-batches.js";

/**
 * A succeeded item as the gateway's response, read by the interactive adapters' own reader
 * (`read`). An answer the reader refuses (structured output that does not parse, no usage) is that
 * item's typed error, not a failure of the whole result set.
 */
export function answeredItem(
  batch: PlannedBatch,
  item: PlannedItem,
  batchId: string,
  read: () => ChatOutput,
  providerRequestId?: string,
): BatchItemOutcome {
  let output: ChatOutput;
  try {
    output = read();
  } catch (err) {
    if (!(err instanceof DiscernusError)) throw err;
    return {
      customId: item.customId,
      ok: false,
      error: new BatchItemError("batch_item_failed", {
        batchId,
        customId: item.customId,
        provider: batch.provider,
        detail: err.message,
        reason: err.code,
        retryable: err instanceof ProviderError ? err.retryable : false,
        cause: err,
      }),
    };
  }
  const answered: BatchItemOutcome & { ok: true } = {
    customId: item.customId,
    ok: true,
    response: {
      customId: item.customId,
      batchId,
      model: item.model.id,
      provider: item.model.provider,
      requestedModel: item.request.model,
      text: output.text,
      finishReason: output.finishReason,
      usage: output.usage,
      cost: batchItemCost(output.usage, item.model, batch.providerKind),
      simulated: item.model.simulated,
    },
  };
  if (output.json !== undefined) answered.response.json = output.json;
  if (providerRequestId) answered.response.providerRequestId = providerRequestId;
  return answered;
}

/** An item the provider's results do not mention at all: never silently dropped. */
export function missingItem(batch: PlannedBatch, item: PlannedItem, batchId: string): BatchItemOutcome {
  return {
    customId: item.customId,
    ok: false,
    error: new BatchItemError("batch_item_failed", {
      batchId,
      customId: item.customId,
      provider: batch.provider,
      detail: "the provider's results hold no line for this item.",
      reason: "missing_result",
      retryable: true,
    }),
  };
}
