import { randomUUID } from "node:crypto";
import {
  abortableSleep,
  AbortedError,
  BatchFailedError,
  FINAL_BATCH_STATES,
  resumedBatch,
  type BatchItemOutcome,
  type BatchRequest,
  type BatchStatus,
  type Gateway,
  type GatewayResponse,
} from "@discernus/gateway";
import type { BatchRecordItem, CollectedItem, Ledger, LedgerBatch } from "@discernus/provenance";

export interface CollectBatchOptions {
  /** Poll until the batch ends (default), or poll once and return while it still runs. */
  wait?: boolean;
  pollIntervalMs: number;
  /** Tags the collected items with the run that collected them (default: the submitting run's). */
  run?: string;
  signal?: AbortSignal;
  /** Told every status polled. */
  onStatus?: (status: BatchStatus) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Runs the reading and recording of results. A study's batches tend to end together; reading
   * them one at a time keeps memory to one batch's results, however many batches there are.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** What collecting a batch found: still running, or every item recorded in the ledger. */
export type CollectedBatch =
  | { batch: LedgerBatch; pending: true; status: BatchStatus }
  | { batch: LedgerBatch; pending: false; status: BatchStatus; items: CollectedItem[] };

/** A recorded request as the batch client reads answers for it (model and answer format). */
function requestOf(item: BatchRecordItem): BatchRequest {
  const r = item.request;
  return {
    customId: item.customId,
    // The resolved id, so the answer is read for the model that ran even if an alias changed since.
    model: r.resolvedModel,
    messages: r.messages.map((m) => ({ role: m.role, content: "content" in m ? m.content : "" })),
    maxTokens: r.maxTokens,
    ...(r.responseFormat ? { responseFormat: r.responseFormat } : {}),
  };
}

function collectedItem(item: BatchRecordItem, outcome: BatchItemOutcome, latencyMs: number): CollectedItem {
  const callId = randomUUID();
  if (!outcome.ok)
    return { item, callId, error: { code: outcome.error.code, message: outcome.error.message } };
  const r = outcome.response;
  const response: GatewayResponse = {
    callId,
    model: r.model,
    provider: r.provider,
    requestedModel: item.request.model,
    text: r.text,
    finishReason: r.finishReason,
    usage: r.usage,
    cost: r.cost,
    attempts: [],
    route: [r.model],
    cacheKey: item.customId,
    cached: false,
    latencyMs,
    simulated: r.simulated,
  };
  if (r.json !== undefined) response.json = r.json;
  if (r.providerRequestId) response.providerRequestId = r.providerRequestId;
  return { item, callId, response };
}

const countsKey = (s: BatchStatus) => JSON.stringify([s.state, s.counts, s.expiresAt]);

/**
 * Polls a recorded batch (recording each change of state or counts), and once it has ended,
 * expired, been cancelled or failed, reads its results and records every item: answered items as
 * `call` records with the batch discount, the rest with their error. Works from the ledger alone
 * (the requests are in the batch's `submitted` record), so a kernel restart or the command line
 * collects exactly what was submitted, and nothing is submitted or recorded twice. The budget's
 * reservation for the batch (`batch:<id>`) is settled on what the items cost.
 */
export async function collectBatch(
  gateway: Gateway,
  ledger: Ledger,
  batch: LedgerBatch,
  options: CollectBatchOptions,
): Promise<CollectedBatch> {
  const adapter = gateway.batchAdapter(batch.provider);
  const sleep = options.sleep ?? abortableSleep;
  const signal = options.signal ? { signal: options.signal } : {};
  let recorded = batch.state
    ? JSON.stringify([batch.state, batch.counts, batch.expiresAt ? Date.parse(batch.expiresAt) : undefined])
    : "";
  let status: BatchStatus;
  for (;;) {
    if (options.signal?.aborted) throw new AbortedError("Waiting for the batch");
    status = await adapter.poll(batch.batch, signal);
    options.onStatus?.(status);
    if (countsKey(status) !== recorded) {
      recorded = countsKey(status);
      await ledger.recordBatch({
        action: "polled",
        batch: batch.batch,
        provider: batch.provider,
        ...(batch.run ? { run: batch.run } : {}),
        state: status.state,
        counts: status.counts,
        ...(status.expiresAt !== undefined ? { expiresAt: new Date(status.expiresAt).toISOString() } : {}),
      });
    }
    if (FINAL_BATCH_STATES.has(status.state)) break;
    if (options.wait === false) return { batch, pending: true, status };
    await sleep(options.pollIntervalMs, options.signal);
  }
  const ended = status;
  const exclusive = options.exclusive ?? ((work) => work());
  const collected = await exclusive(async () => {
    const items = await ledger.batchItems(batch.batch);
    const latencyMs = Math.max(0, (ended.endedAt ?? Date.now()) - Date.parse(batch.submittedAt));
    let outcomes: BatchItemOutcome[] | undefined;
    let error: { code: string; message: string } | undefined;
    if (ended.state === "failed") {
      const failure = ended.failure ?? new BatchFailedError(batch.batch, batch.provider, []);
      error = { code: failure.code, message: failure.message };
    } else {
      const planned = resumedBatch(
        batch.provider,
        batch.providerKind,
        batch.model,
        items.map(requestOf),
        (model) => gateway.resolve(model),
        gateway.config.defaultMaxTokens ?? 1024,
      );
      outcomes = await adapter.results(planned, batch.batch, signal);
    }
    const collected = items.map((item, i) =>
      outcomes?.[i]
        ? collectedItem(item, outcomes[i], latencyMs)
        : { item, callId: randomUUID(), error: error ?? { code: "batch_failed", message: "no result" } },
    );
    const totals = await ledger.recordCollectedBatch(
      batch.batch,
      collected,
      { state: ended.state, counts: ended.counts, ...(error ? { error } : {}) },
      options.run,
    );
    gateway.budget.settle(`batch:${batch.batch}`, totals.costNanoUsd);
    return collected;
  });
  return {
    batch: ledger.batches.find((b) => b.batch === batch.batch) ?? batch,
    pending: false,
    status,
    items: collected,
  };
}
