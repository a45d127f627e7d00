import { escapeHtml } from "../display/escape-html.js";
import { formatUsd } from "@discernus/gateway";
import type { OutputBundle } from "../display/kernel-display.js";
import { TELEMETRY_MIME, type TelemetrySnapshot } from "./telemetry-snapshot.js";

/** The one-line progress text of a run: what a researcher reads while the cell runs. */
export function progressText(s: TelemetrySnapshot): string {
  const parts = [
    `${s.label}: ${s.done + s.failed}/${s.total}`,
    `${formatUsd(s.spentNanoUsd)} spent${s.capNanoUsd !== null ? ` of ${formatUsd(s.capNanoUsd)}` : ""}`,
  ];
  if (s.cached > 0) parts.push(`${s.cached} from the ledger`);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  if (s.retries > 0) parts.push(`${s.retries} retries`);
  if (s.fallbacks > 0) parts.push(`${s.fallbacks} fallbacks`);
  if (s.rateLimitWaits > 0)
    parts.push(`${s.rateLimitWaits} rate-limit waits (${(s.rateLimitWaitMs / 1000).toFixed(1)} s)`);
  parts.push(`${(s.elapsedMs / 1000).toFixed(1)} s`);
  if (s.state !== "running") parts.push(s.state);
  return parts.join(" · ");
}

/**
 * The telemetry output: the snapshot for the sidebar and the inline renderer, with text and HTML
 * for every front end that knows no custom MIME type (GitHub, nbviewer, a terminal).
 */
export function telemetryBundle(s: TelemetrySnapshot): OutputBundle {
  const text = progressText(s);
  const pct = s.total === 0 ? 100 : Math.round(((s.done + s.failed) / s.total) * 100);
  return {
    data: {
      [TELEMETRY_MIME]: JSON.stringify(s),
      "text/plain": text,
      "text/html": `<div class="discernus-progress"><progress max="100" value="${pct}"></progress> <code>${escapeHtml(text)}</code></div>`,
    },
    // Not `discernus.run`: that key claims a result digest, which `verify` checks against the ledger.
    metadata: { discernus: { telemetry: { run: s.run, state: s.state } } },
  };
}
