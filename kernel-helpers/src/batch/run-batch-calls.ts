import {
  BATCH_LIMITS,
  DiscernusError,
  planBatches,
  type BatchRequest,
  type Gateway,
  type GatewayResponse,
  type PlannedBatch,
  type SubmittedBatch,
} from "@discernus/gateway";
import { storedRequest, type Ledger, type LedgerBatch } from "@discernus/provenance";
import type { BatchProgress } from "../telemetry/telemetry-snapshot.js";
import type { PlannedCall } from "../study/analyze-study.js";
import {
  DEFAULT_MAX_ITEMS_PER_BATCH,
  DEFAULT_POLL_INTERVAL_MS,
  type BatchModeOptions,
} from "./batch-mode-options.js";
import { batchProgress } from "./batch-progress.js";
import { collectBatch } from "./collect-batch.js";

/** A batch item's answer, or why it has none (`batch_pending`: submitted, not ended yet). */
export type BatchAnswer = GatewayResponse | { code: string; message: string };

export interface BatchRunContext {
  gateway: Gateway;
  ledger: Ledger;
}

/** Told whenever a batch is submitted, resumed, polled or collected. */
export type OnBatchProgress = (progress: BatchProgress) => void;

/** Told the answers of each batch as it is collected (or of items that could not be submitted). */
export type OnBatchAnswers = (answers: ReadonlyMap<string, BatchAnswer>) => void;

function limitsFor(maxItems: number) {
  return {
    openai: { ...BATCH_LIMITS.openai, maxRequests: Math.min(maxItems, BATCH_LIMITS.openai.maxRequests) },
    anthropic: {
      ...BATCH_LIMITS.anthropic,
      maxRequests: Math.min(maxItems, BATCH_LIMITS.anthropic.maxRequests),
    },
  };
}

/** Submits one planned batch within the budget and records it; returns its ledger entry. */
async function submit(
  ctx: BatchRunContext,
  planned: PlannedBatch,
  run: string,
  tagsByKey: Map<string, Record<string, string>>,
): Promise<LedgerBatch> {
  const { gateway, ledger } = ctx;
  const worstCaseNanoUsd = planned.items.reduce((s, i) => s + gateway.batchWorstCase(i.request), 0);
  const hold = `batch-submit:${run}:${planned.items[0]?.customId ?? ""}`;
  // Reserved before anything is sent: refused here, the batch is never submitted.
  gateway.budget.reserve(hold, worstCaseNanoUsd);
  let submitted;
  try {
    submitted = await gateway
      .batchAdapter(planned.provider)
      .submit(planned, { metadata: { discernus_run: run } });
  } catch (err) {
    gateway.budget.release(hold);
    throw err;
  }
  gateway.budget.release(hold);
  gateway.budget.hold(`batch:${submitted.batchId}`, worstCaseNanoUsd);
  const defaultMaxTokens = gateway.config.defaultMaxTokens ?? 1024;
  try {
    await recordSubmitted(ledger, planned, submitted, run, worstCaseNanoUsd, tagsByKey, defaultMaxTokens);
  } catch (err) {
    // A batch the ledger cannot hold would be collected by no one and submitted again by the next
    // run: it is cancelled at once (the provider bills only what it ran before), and the failure
    // reported with its items.
    await gateway
      .batchAdapter(planned.provider)
      .cancel(submitted.batchId)
      .catch(() => undefined);
    gateway.budget.release(`batch:${submitted.batchId}`);
    throw err;
  }
  return ledger.batches.find((b) => b.batch === submitted.batchId)!;
}

/** The batch's `submitted` record: every request as sent, so that it can be collected from the ledger alone. */
async function recordSubmitted(
  ledger: Ledger,
  planned: PlannedBatch,
  submitted: SubmittedBatch,
  run: string,
  worstCaseNanoUsd: number,
  tagsByKey: Map<string, Record<string, string>>,
  defaultMaxTokens: number,
): Promise<void> {
  await ledger.recordBatch({
    action: "submitted",
    batch: submitted.batchId,
    provider: submitted.provider,
    run,
    providerKind: submitted.providerKind,
    ...(planned.model !== undefined ? { model: planned.model } : {}),
    ...(submitted.inputFileId !== undefined ? { inputFileId: submitted.inputFileId } : {}),
    worstCaseNanoUsd,
    items: planned.items.map((item) => {
      const r = item.request;
      const tags = tagsByKey.get(item.customId);
      return {
        customId: item.customId,
        request: storedRequest(
          {
            model: item.model.id,
            messages: r.messages,
            maxTokens: r.maxTokens ?? defaultMaxTokens,
            ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
            ...(r.topP !== undefined ? { topP: r.topP } : {}),
            ...(r.seed !== undefined ? { seed: r.seed } : {}),
            ...(r.responseFormat ? { responseFormat: r.responseFormat } : {}),
            requestedModel: r.model,
            stream: false,
          },
          ledger.store,
        ),
        ...(tags ? { tags } : {}),
      };
    }),
  });
}

/**
 * Runs calls through the providers' Batch APIs, each distinct request once. First it picks up
 * the batches in flight in the ledger that hold any of these requests (a kernel restart, a
 * re-run), then submits the rest, in batches split by the provider's limits and
 * `maxItemsPerBatch`, each reserved against the budget at the batch price before it is sent and
 * recorded as soon as the provider accepts it. Then it waits for all of them, together, and
 * collects their results into the ledger, one batch at a time, handing each batch's answers (by
 * request hash) to `onAnswers` as soon as they are recorded: a study's answers are never all held
 * at once. Requests told nothing by the end are still pending.
 */
export async function runBatchCalls(
  ctx: BatchRunContext,
  calls: readonly PlannedCall[],
  run: string,
  options: BatchModeOptions,
  onProgress: OnBatchProgress,
  onAnswers: OnBatchAnswers,
): Promise<void> {
  const { gateway, ledger } = ctx;
  const wanted = new Map<string, PlannedCall>();
  for (const call of calls) if (!wanted.has(call.key)) wanted.set(call.key, call);

  // Batches in flight that hold any wanted request: collected, never submitted again.
  const toCollect: { batch: LedgerBatch; resumed: boolean }[] = [];
  for (const batch of ledger.batches) {
    if (batch.collected) continue;
    const items = await ledger.batchItems(batch.batch);
    if (!items.some((i) => wanted.has(i.customId))) continue;
    for (const i of items) wanted.delete(i.customId);
    // Already committed at the provider: held, whatever the cap says now.
    gateway.budget.hold(`batch:${batch.batch}`, batch.worstCaseNanoUsd);
    toCollect.push({ batch, resumed: true });
    onProgress(batchProgress(batch, true));
  }

  const requests: BatchRequest[] = [];
  const tagsByKey = new Map<string, Record<string, string>>();
  for (const [key, call] of wanted) {
    requests.push({ ...call.request, customId: key });
    if (call.request.tags) tagsByKey.set(key, call.request.tags);
  }
  const plan = planBatches(requests, (m) => gateway.resolve(m), {
    defaultMaxTokens: gateway.config.defaultMaxTokens ?? 1024,
    limits: limitsFor(options.maxItemsPerBatch ?? DEFAULT_MAX_ITEMS_PER_BATCH),
  });
  for (const planned of plan) {
    try {
      const batch = await submit(ctx, planned, run, tagsByKey);
      toCollect.push({ batch, resumed: false });
      onProgress(batchProgress(batch, false));
    } catch (err) {
      if (!(err instanceof DiscernusError)) throw err;
      // Not submitted (budget, key, provider refused it): these items have no answer, and cost nothing.
      const failure = { code: err.code, message: err.message };
      onAnswers(new Map(planned.items.map((item) => [item.customId, failure])));
    }
  }

  // One batch's results at a time (see CollectBatchOptions.exclusive).
  let slot: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = slot.then(work);
    slot = next.catch(() => {});
    return next;
  };

  await Promise.all(
    toCollect.map(async ({ batch, resumed }) => {
      let result;
      try {
        result = await collectBatch(gateway, ledger, batch, {
          wait: options.wait ?? true,
          pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          run,
          onStatus: (status) => onProgress(batchProgress(batch, resumed, status)),
          exclusive,
        });
      } catch (err) {
        if (!(err instanceof DiscernusError)) throw err;
        // Polling failed (network, key): the batch stays in flight in the ledger, to collect later.
        const pending = { code: "batch_pending", message: err.message };
        onAnswers(new Map((await ledger.batchItems(batch.batch)).map((i) => [i.customId, pending])));
        return;
      }
      if (result.pending) {
        const pending = {
          code: "batch_pending",
          message: `batch ${batch.batch} is ${result.status.state}: re-run the cell, or run \`discernus batches <notebook> --collect\`, to collect it without submitting again.`,
        };
        onAnswers(new Map((await ledger.batchItems(batch.batch)).map((i) => [i.customId, pending])));
        return;
      }
      onProgress(batchProgress(result.batch, resumed, result.status));
      onAnswers(
        new Map(
          result.items.map((item) => [item.item.customId, "response" in item ? item.response : item.error]),
        ),
      );
    }),
  );
}
