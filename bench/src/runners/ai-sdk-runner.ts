import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import pLimit from "p-limit";
import type { SimServer } from "@discernus/provider-sim";
import type { Study } from "../scheduling-study.js";
import type { RunnerResult } from "./runner-result.js";

/** The peer: the Vercel AI SDK's generateText with its own retries (which honour Retry-After). */
export async function runAiSdk(study: Study, sim: SimServer, concurrency = 64): Promise<RunnerResult> {
  const openai = createOpenAI({ baseURL: sim.openaiBaseUrl, apiKey: "bench-peer" });
  const anthropic = createAnthropic({ baseURL: `${sim.anthropicBaseUrl}/v1`, apiKey: "bench-peer" });
  const limit = pLimit(concurrency);
  const started = performance.now();
  const results = await Promise.allSettled(
    study.items.map((item) =>
      limit(() =>
        generateText({
          model: item.provider === "openai" ? openai.chat(item.model) : anthropic(item.model),
          system: item.system,
          prompt: item.text,
          maxOutputTokens: item.maxTokens,
        }),
      ),
    ),
  );
  const wallMs = performance.now() - started;
  const ok = results.filter((r) => r.status === "fulfilled").length;
  const firstFailure = results.find((r) => r.status === "rejected");
  return {
    name: `ai (Vercel AI SDK) p-limit(${concurrency})`,
    wallMs,
    ok,
    failed: results.length - ok,
    ...(firstFailure ? { firstError: String(firstFailure.reason).slice(0, 300) } : {}),
  };
}
