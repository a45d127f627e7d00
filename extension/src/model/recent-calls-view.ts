import { formatCompactCount } from "./format-count.js";
import { formatDuration } from "./format-duration.js";
import type { RecentCallView } from "./sidebar-view.js";
import type { RecentCall } from "./telemetry-snapshot.js";
import type { SidebarInput } from "./view-context.js";

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeOfDay(at: number, locale: string): string {
  if (!Number.isFinite(at)) return "";
  let format = timeFormats.get(locale);
  if (!format)
    timeFormats.set(
      locale,
      (format = new Intl.DateTimeFormat(locale || undefined, {
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      })),
    );
  return format.format(at);
}

/** The latest calls, newest first, capped by the settings: from the kernel while live, else the ledger. */
export function recentCallsView(input: SidebarInput): RecentCallView[] {
  const { settings, money } = input;
  const locale = settings.locale;
  const calls: readonly RecentCall[] = input.live
    ? input.liveRecent
    : input.ledger?.status === "loaded"
      ? (input.ledger.history?.recent ?? [])
      : [];
  return calls.slice(0, settings.recentCalls).map((call) => {
    const statusLevel = call.status === "ok" ? "ok" : call.status === "cached" ? "cached" : "failed";
    const tokensText = `${formatCompactCount(call.inputTokens, locale)} in · ${formatCompactCount(call.outputTokens, locale)} out`;
    const costText = money.format(call.costNanoUsd);
    const latencyText = statusLevel === "cached" ? "from the ledger" : formatDuration(call.latencyMs);
    const statusWord =
      statusLevel === "ok"
        ? "answered"
        : statusLevel === "cached"
          ? "from the ledger"
          : `failed: ${call.status}`;
    return {
      callId: call.callId,
      model: call.model,
      status: call.status,
      statusLevel,
      tokensText,
      costText,
      costNanoUsd: call.costNanoUsd,
      latencyText,
      atText: timeOfDay(call.at, locale),
      excerpt: call.excerpt,
      label: `${call.model}, ${statusWord}, ${tokensText} tokens, ${costText}, ${latencyText}. Show its ledger record.`,
    };
  });
}
