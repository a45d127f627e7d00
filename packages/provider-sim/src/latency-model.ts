import type { SimLatency } from "./sim-config.js";

export interface StreamTiming {
  /** From admission to the first visible token: time to first token plus any reasoning. */
  firstTokenMs: number;
  /** From the first visible token to the last. */
  generationMs: number;
}

/**
 * The latency model: `ttftMs` to the first token, then `tokensPerSecond` for every generated token.
 * A reasoning model generates its hidden reasoning before the first visible token, so reasoning
 * delays the first token. All of it scaled by `timeScale`; zero latency when both are 0.
 */
export function planTiming(
  latency: SimLatency,
  timeScale: number,
  outputTokens: number,
  reasoningTokens: number,
): StreamTiming {
  const msPerToken = latency.tokensPerSecond > 0 ? 1000 / latency.tokensPerSecond : 0;
  return {
    firstTokenMs: (latency.ttftMs + reasoningTokens * msPerToken) * timeScale,
    generationMs: outputTokens * msPerToken * timeScale,
  };
}
