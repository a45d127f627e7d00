import { formatCount } from "./format-count.js";
import { formatDuration } from "./format-duration.js";
import { formatPercent } from "./format-percent.js";
import type { BatchView, BatchesView } from "./sidebar-view.js";
import type { BatchProgress, BatchState } from "./telemetry-snapshot.js";
import type { SidebarInput } from "./view-context.js";

/** Finished batches shown below the ones in flight: a ledger of many batch runs keeps them all. */
export const MAX_FINISHED_BATCHES = 10;

const STATE_TEXT: Record<BatchState, string> = {
  validating: "validating",
  in_progress: "in progress",
  finalizing: "finalizing",
  ended: "ended",
  expired: "expired",
  cancelled: "cancelled",
  failed: "failed",
  collected: "collected",
};

/** Provider states after which the provider does no more work: what is left is reading the results. */
const PROVIDER_DONE: ReadonlySet<BatchState> = new Set(["ended", "expired", "cancelled", "failed"]);

/** A live batch is in flight until the kernel has written its items to the ledger. */
const LIVE_IN_FLIGHT: ReadonlySet<BatchState> = new Set(["validating", "in_progress", "finalizing", "ended"]);

interface BatchSource {
  batch: BatchProgress;
  inFlight: boolean;
  error?: string;
}

function sources(input: SidebarInput): BatchSource[] {
  // A live run in batch mode reports its batches; otherwise the ledger's (an earlier kernel's) are shown.
  if (input.live?.batches)
    return input.live.batches.map((batch) => ({ batch, inFlight: LIVE_IN_FLIGHT.has(batch.state) }));
  const history = input.ledger?.status === "loaded" ? input.ledger.history : undefined;
  return (history?.batches ?? []).map((batch) => ({
    batch,
    inFlight: batch.inFlight,
    ...(batch.error !== undefined ? { error: batch.error } : {}),
  }));
}

function batchView(input: SidebarInput, { batch: b, inFlight, error }: BatchSource): BatchView {
  const locale = input.settings.locale;
  const count = (n: number) => formatCount(n, locale);
  const done = b.succeeded + b.errored + b.expired + b.cancelled;
  const fraction = b.items === 0 ? (inFlight ? 0 : 1) : Math.min(1, done / b.items);
  const title = b.model ? (b.model.includes("/") ? b.model : `${b.provider}/${b.model}`) : b.provider;
  const stateText =
    inFlight && PROVIDER_DONE.has(b.state)
      ? `${STATE_TEXT[b.state]}, results not collected yet`
      : STATE_TEXT[b.state];
  const parts = [`${count(done)} / ${count(b.items)}`, formatPercent(fraction)];
  if (b.errored > 0) parts.push(`${count(b.errored)} errored`);
  if (b.expired > 0) parts.push(`${count(b.expired)} expired`);
  if (b.cancelled > 0) parts.push(`${count(b.cancelled)} cancelled`);
  const progressText = parts.join(" · ");
  const leftMs = inFlight && b.expiresAt !== undefined ? b.expiresAt - input.now : undefined;
  const expiryText =
    leftMs === undefined
      ? ""
      : leftMs > 0
        ? `expires in ${formatDuration(leftMs)}`
        : "past the provider's expiry";
  const money = input.money.format(b.costNanoUsd);
  const costText = inFlight ? `${money} so far` : money;
  const words = [stateText, progressText, expiryText, costText, b.resumed ? "resumed from the ledger" : ""];
  return {
    batchId: b.batchId,
    provider: b.provider,
    title,
    state: b.state,
    stateText,
    inFlight,
    items: b.items,
    done,
    succeeded: b.succeeded,
    errored: b.errored,
    expired: b.expired,
    cancelled: b.cancelled,
    processing: b.processing,
    percent: Math.round(fraction * 1000) / 10,
    progressText,
    expiresInMs: leftMs === undefined ? undefined : Math.max(0, leftMs),
    expiryText,
    costNanoUsd: b.costNanoUsd,
    costText,
    resumed: b.resumed,
    error: error ?? "",
    label: `Batch ${title} (${b.batchId}): ${words.filter((w) => w !== "").join(", ")}`,
  };
}

/** The provider batches of the live run, or the ledger's: those in flight first. */
export function batchesView(input: SidebarInput): BatchesView {
  const all = sources(input);
  const inFlight = all.filter((s) => s.inFlight).sort((a, b) => a.batch.submittedAt - b.batch.submittedAt);
  const finished = all.filter((s) => !s.inFlight).sort((a, b) => b.batch.submittedAt - a.batch.submittedAt);
  const shown = [...inFlight, ...finished.slice(0, MAX_FINISHED_BATCHES)];
  const locale = input.settings.locale;
  const summary: string[] = [];
  if (inFlight.length > 0) summary.push(`${formatCount(inFlight.length, locale)} in flight`);
  if (finished.length > 0)
    summary.push(
      `${formatCount(finished.length, locale)} finished${finished.length > MAX_FINISHED_BATCHES ? ` (the latest ${MAX_FINISHED_BATCHES} shown)` : ""}`,
    );
  return { items: shown.map((s) => batchView(input, s)), summary: summary.join(" · ") };
}
