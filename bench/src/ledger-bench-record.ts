import type { CallRecordFields } from "@discernus/provenance";

const SYSTEM =
  "You rate the overall emotional tone of an excerpt of a State of the Union address, from -1 (very negative) through 0 (neutral) to 1 (very positive). Answer with the score and the phrase that most shows it.";
const TEXT =
  "Fellow-Citizens of the Senate and House of Representatives: I embrace with great satisfaction the opportunity which now presents itself of congratulating you on the present favorable prospects of our public affairs. ".repeat(
    2,
  );

/** A full-mode call record the size of a real one (about 1.5 KB): framework prompt, speech excerpt, JSON answer. */
export function benchCallRecord(i: number): CallRecordFields {
  const startedAt = 1_764_633_600_000 + i * 250;
  return {
    call: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    outcome: "ok",
    cacheKey: i.toString(16).padStart(64, "0"),
    store: "full",
    request: {
      model: "gpt-4o-mini",
      resolvedModel: "openai/gpt-4o-mini",
      messages: [
        { role: "system", content: SYSTEM },
        { role: "user", content: `${i}: ${TEXT}` },
      ],
      maxTokens: 200,
      temperature: 0,
      stream: false,
    },
    response: {
      model: "openai/gpt-4o-mini",
      provider: "openai",
      finishReason: "stop",
      text: '{"score":0.6,"evidence":"great satisfaction"}',
      json: { score: 0.6, evidence: "great satisfaction" },
      providerRequestId: `chatcmpl-${i}`,
    },
    usage: {
      inputTokens: 412,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 61,
      reasoningTokens: 0,
    },
    cost: {
      totalNanoUsd: 98_400,
      byKind: {
        inputTokens: 61_800,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 36_600,
        reasoningTokens: 0,
      },
      source: { name: "@pydantic/genai-prices", version: "0.0.40" },
    },
    attempts: [
      {
        attempt: 1,
        provider: "openai",
        model: "openai/gpt-4o-mini",
        startedAt,
        latencyMs: 812,
        outcome: "ok",
        status: 200,
        queuedMs: 3,
      },
    ],
    route: ["openai/gpt-4o-mini"],
    timing: { startedAt: new Date(startedAt).toISOString(), latencyMs: 815 },
    simulated: true,
    tags: { run: `run-${Math.floor(i / 1000)}`, item: String(i) },
  };
}
