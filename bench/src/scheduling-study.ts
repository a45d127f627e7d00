/**
 * The scheduling benchmark's study: a few thousand requests over two providers whose per-minute
 * limits bind, answered by provider-sim with realistic latency. Every runner (the gateway, a naive
 * p-limit loop, a peer library) gets the same items against its own simulator, so each sees fresh
 * buckets and its 429s are its own.
 */
import { mulberry32 } from "@discernus/provider-sim";

export interface StudyItem {
  id: number;
  provider: "openai" | "anthropic";
  model: string;
  system: string;
  text: string;
  maxTokens: number;
}

export interface StudyLimits {
  openai: { rpm: number; tpm: number };
  anthropic: { rpm: number; itpm: number; otpm: number };
}

export interface Study {
  items: StudyItem[];
  limits: StudyLimits;
  latency: { ttftMs: number; tokensPerSecond: number };
}

const WORDS =
  "liberty union commerce treasury revenue militia frontier citizens congress harmony peace duty nation prosperity industry labor justice courts tariff railroad currency reform welfare security".split(
    " ",
  );

/**
 * `overload` is demand over one minute's limit on the binding dimension: at 2 the binding phase
 * lasts about as long again as the initial burst, so scheduling dominates the makespan.
 */
export function buildStudy(overload = 2.1): Study {
  const limits: StudyLimits = {
    openai: { rpm: 5_000, tpm: 300_000 },
    // OTPM is charged max_tokens at admission (corrected later), so it is set where it never binds:
    // the optimum below counts output as billed, which only holds when OTPM has room.
    anthropic: { rpm: 600, itpm: 400_000, otpm: 200_000 },
  };
  const random = mulberry32(2026);
  // OpenAI items charge about 200 prompt + 150 max tokens against TPM; Anthropic binds on RPM.
  const openaiCount = Math.round((overload * limits.openai.tpm) / 350);
  const anthropicCount = Math.round(overload * limits.anthropic.rpm);
  const items: StudyItem[] = [];
  const text = (i: number) => {
    const n = 120 + Math.floor(random() * 160);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]);
    return `Address ${i}: ${words.join(" ")}.`;
  };
  const system = "Rate the tone of this address from -1 to 1 and name the phrase that shows it.";
  const total = openaiCount + anthropicCount;
  for (let i = 0; i < total; i++) {
    // Spread evenly through the list, as a study over several models is submitted.
    const openai = Math.floor(((i + 1) * openaiCount) / total) > Math.floor((i * openaiCount) / total);
    items.push({
      id: i,
      provider: openai ? "openai" : "anthropic",
      model: openai ? "gpt-4o-mini" : "claude-3-5-haiku-latest",
      system,
      text: text(i),
      maxTokens: 150,
    });
  }
  return { items, limits, latency: { ttftMs: 300, tokensPerSecond: 150 } };
}

/** What the provider's limiter charges one completed item, per dimension. */
export interface ItemCharge {
  provider: "openai" | "anthropic";
  promptTokens: number;
  outputTokens: number;
  maxTokens: number;
}

/**
 * The limit-bound optimum makespan: with a full bucket at the start and continuous refill at
 * limit/60 s, a dimension with total demand D and per-minute limit L cannot finish before
 * max(0, D - L) / (L / 60 s). The study's optimum is the largest over providers and dimensions,
 * plus one typical latency for the last answers to arrive. OpenAI charges prompt + max_tokens
 * against TPM at admission; Anthropic charges input against ITPM and actual output against OTPM.
 */
export function limitBoundOptimumMs(
  charges: readonly ItemCharge[],
  limits: StudyLimits,
  typicalLatencyMs: number,
): number {
  const bound = (demand: number, perMinute: number) => (Math.max(0, demand - perMinute) / perMinute) * 60_000;
  const sum = (p: ItemCharge["provider"], f: (c: ItemCharge) => number) =>
    charges.filter((c) => c.provider === p).reduce((s, c) => s + f(c), 0);
  const openaiRequests = charges.filter((c) => c.provider === "openai").length;
  const anthropicRequests = charges.filter((c) => c.provider === "anthropic").length;
  return (
    Math.max(
      bound(openaiRequests, limits.openai.rpm),
      bound(
        sum("openai", (c) => c.promptTokens + c.maxTokens),
        limits.openai.tpm,
      ),
      bound(anthropicRequests, limits.anthropic.rpm),
      bound(
        sum("anthropic", (c) => c.promptTokens),
        limits.anthropic.itpm,
      ),
      bound(
        sum("anthropic", (c) => c.outputTokens),
        limits.anthropic.otpm,
      ),
    ) + typicalLatencyMs
  );
}
