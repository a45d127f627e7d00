import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimServer } from "../src/index.js";
import { planTiming } from "../src/latency-model.js";
import { openaiClient } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("latency model", () => {
  it("puts ttft and any reasoning before the first token, then the output at tokensPerSecond, all scaled", () => {
    expect(planTiming({ ttftMs: 200, tokensPerSecond: 100 }, 1, 50, 0)).toEqual({
      firstTokenMs: 200,
      generationMs: 500,
    });
    expect(planTiming({ ttftMs: 200, tokensPerSecond: 100 }, 0.5, 50, 100)).toEqual({
      firstTokenMs: 600,
      generationMs: 250,
    });
    expect(planTiming({ ttftMs: 0, tokensPerSecond: 0 }, 1, 50, 100)).toEqual({
      firstTokenMs: 0,
      generationMs: 0,
    });
  });

  it("delays a JSON answer by ttft plus generation, and spreads a stream's chunks over the generation time", async () => {
    sim = await startSimulator({
      models: [
        {
          id: "gpt-4o-mini",
          provider: "openai",
          contextWindow: 128_000,
          latency: { ttftMs: 100, tokensPerSecond: 400 },
        },
      ],
    });
    const params = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "x" }],
      max_completion_tokens: 60,
    };
    let started = performance.now();
    const json = await openaiClient(sim).chat.completions.create(params);
    const jsonMs = performance.now() - started;
    const expectedMs = 100 + ((json.usage?.completion_tokens ?? 0) / 400) * 1000;
    expect(jsonMs).toBeGreaterThanOrEqual(expectedMs - 5);
    expect(jsonMs).toBeLessThan(expectedMs + 150);

    started = performance.now();
    const arrivals: number[] = [];
    for await (const chunk of await openaiClient(sim).chat.completions.create({ ...params, stream: true }))
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - started);
    expect(arrivals[0]).toBeGreaterThanOrEqual(95);
    expect(arrivals[0]).toBeLessThan(expectedMs - 50);
    expect(arrivals.at(-1)).toBeGreaterThanOrEqual(expectedMs - 10);
  });
});
