/** The one LLM a scale study asks, by its provider-sim id. */
export const SCALE_MODEL = "openai/gpt-4o-mini";

/**
 * provider-sim for a scale study: a little latency (calls overlap as against a real provider, and
 * the kernel holds calls in flight) but limits too generous to bind, so the figure is the kernel's
 * own cost. Batches end a few seconds after they are created, and the clock is not scaled, so
 * interactive latency stays as set.
 */
export function scaleSimConfig(batchProcessingMs = 4_000): Record<string, unknown> {
  return {
    seed: 6,
    latency: { ttftMs: 5, tokensPerSecond: 20_000 },
    timeScale: 1,
    batch: { processingMs: batchProcessingMs },
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        limits: { rpm: 100_000_000, tpm: 100_000_000_000 },
      },
      {
        id: "claude-3-5-haiku-latest",
        provider: "anthropic",
        contextWindow: 200_000,
        limits: { rpm: 100_000_000, itpm: 100_000_000_000, otpm: 100_000_000_000 },
      },
    ],
  };
}
