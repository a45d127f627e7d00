/**
 * A duration as Go's time.Duration.String() writes it, which is how OpenAI fills
 * x-ratelimit-reset-*: "0s", "120ms", "1.5s", "6m0s".
 */
export function formatGoDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded === 0) return "0s";
  if (rounded < 1000) return `${rounded}ms`;
  if (rounded < 60_000) return `${Number((rounded / 1000).toFixed(3))}s`;
  const hours = Math.floor(rounded / 3_600_000);
  const minutes = Math.floor((rounded % 3_600_000) / 60_000);
  const seconds = Number(((rounded % 60_000) / 1000).toFixed(3));
  return `${hours > 0 ? `${hours}h` : ""}${minutes}m${seconds}s`;
}
