import { Gateway, type GatewayResponse } from "@discernus/gateway";
import type { SimServer } from "@discernus/provider-sim";
import type { Study } from "../scheduling-study.js";
import type { RunnerResult } from "./runner-result.js";

/** The study through the gateway, with no limits configured: it learns them from the headers. */
export async function runGateway(study: Study, sim: SimServer): Promise<RunnerResult> {
  const gateway = new Gateway({
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "BENCH_KEY", simulated: true },
        anthropic: {
          kind: "anthropic",
          baseUrl: sim.anthropicBaseUrl,
          apiKeyEnv: "BENCH_KEY",
          simulated: true,
        },
      },
      concurrency: 256,
    },
    env: { BENCH_KEY: "bench-gateway" },
    cache: false,
  });
  const started = performance.now();
  const results = await Promise.allSettled(
    study.items.map((item) =>
      gateway.complete({
        model: `${item.provider}/${item.model}`,
        messages: [
          { role: "system", content: item.system },
          { role: "user", content: item.text },
        ],
        maxTokens: item.maxTokens,
        fallbacks: [],
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const done = results.filter((r): r is PromiseFulfilledResult<GatewayResponse> => r.status === "fulfilled");
  const firstFailure = results.find((r) => r.status === "rejected");
  return {
    name: "discernus gateway",
    wallMs,
    ok: done.length,
    failed: results.length - done.length,
    passes: 1,
    charges: done.map((r, i) => ({
      provider: r.value.provider as "openai" | "anthropic",
      promptTokens:
        r.value.usage.inputTokens + r.value.usage.cachedInputTokens + r.value.usage.cacheWriteTokens,
      outputTokens: r.value.usage.outputTokens + r.value.usage.reasoningTokens,
      maxTokens: study.items[i]?.maxTokens ?? 0,
    })),
    ...(firstFailure ? { firstError: String(firstFailure.reason) } : {}),
  };
}
