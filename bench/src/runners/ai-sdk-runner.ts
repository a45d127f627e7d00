import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";
import type { SimServer } from "@discernus/provider-sim";
import type { Study } from "../scheduling-study.js";
import type { RunnerResult } from "./runner-result.js";
import { runUntilComplete } from "./run-until-complete.js";

/** The peer: the Vercel AI SDK's generateText with its own retries (which honour Retry-After). */
export function runAiSdk(study: Study, sim: SimServer, concurrency = 64): Promise<RunnerResult> {
  const openai = createOpenAI({ baseURL: sim.openaiBaseUrl, apiKey: "bench-peer" });
  const anthropic = createAnthropic({ baseURL: `${sim.anthropicBaseUrl}/v1`, apiKey: "bench-peer" });
  return runUntilComplete(`ai (Vercel AI SDK) p-limit(${concurrency})`, study.items, concurrency, (item) =>
    generateText({
      model: item.provider === "openai" ? openai.chat(item.model) : anthropic(item.model),
      system: item.system,
      prompt: item.text,
      maxOutputTokens: item.maxTokens,
    }),
  );
}
