import { validateRequest } from "../call/validate-request.js";
import { InvalidRequestError } from "../errors.js";
import type { ModelCall } from "../providers/provider-adapter.js";
import type { ResolvedModel } from "../registry/model-registry.js";
import {
  BATCH_LIMITS,
  isBatchProviderKind,
  type BatchLimits,
  type BatchProviderKind,
} from "./batch-limits.js";
import { CUSTOM_ID_PATTERN, type BatchRequest } from "./batch-request.js";
import { BATCH_ENVELOPE_BYTES, batchItemBytes } from "./batch-wire.js";

/** One request, resolved and translated, ready to be written into a batch. */
export interface PlannedItem {
  customId: string;
  request: BatchRequest;
  model: ResolvedModel;
  /** What the provider body is built from, as for an interactive attempt. */
  call: ModelCall;
  bytes: number;
}

/** One batch to submit: a single provider, and for OpenAI a single model. */
export interface PlannedBatch {
  provider: string;
  providerKind: BatchProviderKind;
  /** `"<provider>/<model>"` when the provider runs one model per batch (OpenAI); else undefined. */
  model: string | undefined;
  items: PlannedItem[];
  /** Serialized size, as counted against the provider's limit. */
  bytes: number;
}

export interface BatchPlanOptions {
  /** As the gateway's `defaultMaxTokens`: used when a request gives no maxTokens. Default 1024. */
  defaultMaxTokens?: number;
  /** Overrides the documented limits (tests; a provider that lowers them). */
  limits?: Partial<Record<BatchProviderKind, BatchLimits>>;
}

/** The ModelCall an interactive attempt would make for this request on this model. */
export function batchModelCall(
  request: BatchRequest,
  model: ResolvedModel,
  defaultMaxTokens: number,
): ModelCall {
  return {
    model: model.providerModelId,
    messages: request.messages,
    maxTokens: request.maxTokens ?? defaultMaxTokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
    ...(request.cacheSystemPrompt !== undefined ? { cacheSystemPrompt: request.cacheSystemPrompt } : {}),
  };
}

/**
 * Groups requests into the batches to submit, pure: one group per provider (OpenAI: per model, as
 * OpenAI runs a batch on one model; Anthropic mixes models in a batch), in order of first
 * appearance, items in input order; a group over the provider's limits (requests, serialized bytes)
 * is split, filling each batch before opening the next. Fallbacks do not apply: a batch item runs
 * on its requested model. `route` resolves a model name (the gateway's `resolve`). Throws
 * InvalidRequestError for a bad or repeated custom id, a provider without a Batch API, or an item
 * too large for any batch, before anything is sent.
 */
export function planBatches(
  requests: readonly BatchRequest[],
  route: (model: string) => ResolvedModel,
  options: BatchPlanOptions = {},
): PlannedBatch[] {
  const defaultMaxTokens = options.defaultMaxTokens ?? 1024;
  const seen = new Map<string, number>();
  const groups = new Map<string, PlannedBatch[]>();
  const order: PlannedBatch[][] = [];
  for (const [i, request] of requests.entries()) {
    validateRequest(request);
    const { customId } = request;
    if (typeof customId !== "string" || !CUSTOM_ID_PATTERN.test(customId))
      throw new InvalidRequestError(
        `requests[${i}].customId`,
        `${JSON.stringify(customId)} is not a batch custom id: use 1 to 64 letters, digits, "_" or "-" (e.g. the item's row id).`,
      );
    const first = seen.get(customId);
    if (first !== undefined)
      throw new InvalidRequestError(
        `requests[${i}].customId`,
        `"${customId}" repeats requests[${first}].customId; each request needs its own id to find its answer again.`,
      );
    seen.set(customId, i);
    const model = route(request.model);
    const kind = model.providerKind;
    if (!isBatchProviderKind(kind))
      throw new InvalidRequestError(
        `requests[${i}].model`,
        `${model.id} is served by a provider of kind "${kind}", which has no Batch API here; batch mode runs on "openai" and "anthropic" providers. Run these requests live instead.`,
      );
    const limits = options.limits?.[kind] ?? BATCH_LIMITS[kind];
    const call = batchModelCall(request, model, defaultMaxTokens);
    const bytes = batchItemBytes(kind, customId, call);
    const envelope = BATCH_ENVELOPE_BYTES[kind];
    if (bytes + envelope > limits.maxBytes)
      throw new InvalidRequestError(
        `requests[${i}]`,
        `"${customId}" alone takes ${bytes} bytes, over the ${limits.maxBytes}-byte limit of a ${kind} batch; shorten its text or run it live.`,
      );
    const key = kind === "openai" ? model.id : model.provider;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      order.push(group);
    }
    let batch = group.at(-1);
    if (!batch || batch.items.length >= limits.maxRequests || batch.bytes + bytes > limits.maxBytes) {
      batch = {
        provider: model.provider,
        providerKind: kind,
        model: kind === "openai" ? model.id : undefined,
        items: [],
        bytes: envelope,
      };
      group.push(batch);
    }
    batch.items.push({ customId, request, model, call, bytes });
    batch.bytes += bytes;
  }
  return order.flat();
}
