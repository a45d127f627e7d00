import { formatCount } from "./format-count.js";
import { formatDuration } from "./format-duration.js";
import { rateLimitGauges, type LimitKind, type WindowGauge } from "./rate-limit-gauges.js";
import type { LimitWindowView, LimitsView, ModelLimitView } from "./sidebar-view.js";
import type { SidebarInput } from "./view-context.js";

const LABELS: Record<LimitKind, string> = {
  requests: "Requests",
  tokens: "Tokens",
  inputTokens: "Input tokens",
  outputTokens: "Output tokens",
};

function windowView(model: string, w: WindowGauge, locale: string): LimitWindowView {
  const label = LABELS[w.kind];
  const reset = w.resetInMs > 0 ? `resets in ${formatDuration(w.resetInMs)}` : "reset since last report";
  return {
    kind: w.kind,
    label,
    used: w.used,
    limit: w.limit,
    remaining: w.remaining,
    percent: Math.round(w.fraction * 1000) / 10,
    level: w.level,
    resetInMs: w.resetInMs,
    text: `${formatCount(w.used, locale)} / ${formatCount(w.limit, locale)} used · ${formatCount(w.remaining, locale)} left · ${reset}`,
    ariaLabel: `${model}: ${label.toLowerCase()} used in the current window`,
  };
}

/** Rate-limit gauges per provider and model, and the queue, from the running kernel. */
export function limitsView(input: SidebarInput): LimitsView {
  const { live, settings, now } = input;
  if (!live) {
    return {
      models: [],
      inFlight: 0,
      queued: 0,
      queueText: "",
      note: "Rate limits, the queue and cool-downs are shown while a cell runs analyze().",
    };
  }
  const locale = settings.locale;
  const simulated = new Set(live.simulated ?? []);
  const models: ModelLimitView[] = rateLimitGauges(
    live.limits,
    live.cooldowns,
    now,
    settings.warnAtFraction,
  ).map((g) => {
    const requests = g.windows.find((w) => w.kind === "requests");
    const tokens =
      g.windows.find((w) => w.kind === "tokens") ?? g.windows.find((w) => w.kind === "inputTokens");
    return {
      model: g.model,
      provider: g.provider,
      requestsRemaining: requests?.remaining,
      requestsLimit: requests?.limit,
      tokensRemaining: tokens?.remaining,
      tokensLimit: tokens?.limit,
      cooldownUntil: g.cooldownUntil,
      cooldownText:
        g.cooldownInMs > 0 ? `Cooling down after a 429: ${formatDuration(g.cooldownInMs)} left` : "",
      windows: g.windows.map((w) => windowView(g.model, w, locale)),
      simulated: simulated.has(g.model),
    };
  });
  const parts = [
    `${formatCount(live.inFlight, locale)} in flight`,
    `${formatCount(live.queued, locale)} queued`,
  ];
  if (live.rateLimitWaits > 0)
    parts.push(
      `${formatCount(live.rateLimitWaits, locale)} rate-limit waits (${formatDuration(live.rateLimitWaitMs)})`,
    );
  return {
    models,
    inFlight: live.inFlight,
    queued: live.queued,
    queueText: parts.join(" · "),
    note:
      models.length === 0 ? "No provider has reported rate limits in this run (local models have none)." : "",
  };
}
