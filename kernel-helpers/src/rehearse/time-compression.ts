import type { RateLimitConfig } from "@discernus/gateway";
import type { SimLatency } from "@discernus/provider-sim";

/** What one model's share of a study asks of its limits, from the gateway's estimates. */
export interface ModelDemand {
  calls: number;
  inputTokens: number;
  /** maxTokens summed: what OpenAI's TPM and Anthropic's OTPM charge at admission. */
  maxTokens: number;
  limits: RateLimitConfig | undefined;
}

// A guess at an answer's length for the first estimate only; the rehearsal measures the real thing.
const ANSWER_TOKENS_GUESS = 200;

/** A first, rough estimate of the study's wall time in seconds: the slowest model's binding limit. */
export function roughWallSeconds(
  demands: readonly ModelDemand[],
  latency: SimLatency,
  concurrency: number,
): number {
  const perCallSeconds =
    (latency.ttftMs +
      (latency.tokensPerSecond > 0 ? (ANSWER_TOKENS_GUESS * 1000) / latency.tokensPerSecond : 0)) /
    1000;
  let slowest = 0;
  for (const d of demands) {
    const l = d.limits ?? {};
    const minutes = [
      l.requestsPerMinute ? d.calls / l.requestsPerMinute : 0,
      l.tokensPerMinute ? (d.inputTokens + d.maxTokens) / l.tokensPerMinute : 0,
      l.inputTokensPerMinute ? d.inputTokens / l.inputTokensPerMinute : 0,
      l.outputTokensPerMinute ? d.maxTokens / l.outputTokensPerMinute : 0,
    ];
    const latencyBound = Math.ceil(d.calls / concurrency) * perCallSeconds;
    slowest = Math.max(slowest, latencyBound, ...minutes.map((m) => m * 60));
  }
  return slowest;
}

/** k such that the rehearsal takes about `targetSeconds` of real time: max(1, ceil(expected / target)). */
export function timeCompressionFor(expectedSeconds: number, targetSeconds: number): number {
  if (!(targetSeconds > 0))
    throw new RangeError(`targetSeconds must be a number above 0, got ${targetSeconds}.`);
  return Math.max(1, Math.ceil(expectedSeconds / targetSeconds));
}
