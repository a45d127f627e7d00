import type { BatchCreateParams } from "@anthropic-ai/sdk/resources/messages/batches";
import { buildMessageParams } from "../providers/anthropic-message-params.js";
import { buildChatCompletionBody } from "../providers/openai-chat-body.js";
import type { ModelCall } from "../providers/provider-adapter.js";
import type { BatchProviderKind } from "./batch-limits.js";

/** The endpoint every OpenAI batch line names (the gateway batches chat completions only). */
export const OPENAI_BATCH_ENDPOINT = "/v1/chat/completions";

/**
 * One line of an OpenAI batch input file, without its newline. OpenAI itself wants
 * `max_completion_tokens`, as for interactive calls (see MaxTokensParam).
 */
export function openAIBatchLine(customId: string, call: ModelCall): string {
  return JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: OPENAI_BATCH_ENDPOINT,
    body: buildChatCompletionBody(call, "max_completion_tokens"),
  });
}

/**
 * One entry of an Anthropic `messages.batches.create` body's `requests`. The params never set
 * `stream` (batch items cannot stream), which is what the SDK's non-streaming type says.
 */
export function anthropicBatchRequest(customId: string, call: ModelCall): BatchCreateParams.Request {
  return { custom_id: customId, params: buildMessageParams(call) as BatchCreateParams.Request["params"] };
}

/**
 * Bytes one item adds to its batch: the JSONL line and its newline (OpenAI), or the request entry
 * and its comma (Anthropic). Counted on the very serialization that is sent, so that splitting by
 * size is exact rather than estimated.
 */
export function batchItemBytes(kind: BatchProviderKind, customId: string, call: ModelCall): number {
  const text =
    kind === "openai"
      ? openAIBatchLine(customId, call)
      : JSON.stringify(anthropicBatchRequest(customId, call));
  return Buffer.byteLength(text, "utf8") + 1;
}

/** Bytes of a batch around its items: Anthropic's `{"requests":[` and `]}`; none for a JSONL file. */
export const BATCH_ENVELOPE_BYTES: Readonly<Record<BatchProviderKind, number>> = Object.freeze({
  openai: 0,
  anthropic: Buffer.byteLength('{"requests":[]}', "utf8"),
});
