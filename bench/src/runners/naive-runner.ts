import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import type { SimServer } from "@discernus/provider-sim";
import type { Study } from "../scheduling-study.js";
import type { RunnerResult } from "./runner-result.js";
import { runUntilComplete } from "./run-until-complete.js";

/**
 * What many notebooks do: the official SDKs (their default 2 retries, which honour Retry-After)
 * under a plain p-limit, with no knowledge of the limits.
 */
export function runNaive(study: Study, sim: SimServer, concurrency = 64): Promise<RunnerResult> {
  const openai = new OpenAI({ baseURL: sim.openaiBaseUrl, apiKey: "bench-naive" });
  const anthropic = new Anthropic({ baseURL: sim.anthropicBaseUrl, apiKey: "bench-naive" });
  return runUntilComplete(`naive p-limit(${concurrency}) + SDK retries`, study.items, concurrency, (item) =>
    item.provider === "openai"
      ? openai.chat.completions.create({
          model: item.model,
          max_completion_tokens: item.maxTokens,
          messages: [
            { role: "system", content: item.system },
            { role: "user", content: item.text },
          ],
        })
      : anthropic.messages.create({
          model: item.model,
          max_tokens: item.maxTokens,
          system: item.system,
          messages: [{ role: "user", content: item.text }],
        }),
  );
}
