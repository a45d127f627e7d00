import Anthropic, {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimServer } from "../src/index.js";

let sim: SimServer | undefined;
afterEach(() => sim?.close());

const client = (s: SimServer, apiKey = "sk-ant-sim-test") =>
  new Anthropic({ baseURL: s.anthropicBaseUrl, apiKey, maxRetries: 0 });
const MODEL = "claude-3-5-haiku-latest";
const toneTool = {
  name: "record_tone",
  description: "Record the tone.",
  input_schema: {
    type: "object" as const,
    properties: { score: { type: "number", minimum: -1, maximum: 1 }, evidence: { type: "string" } },
    required: ["score", "evidence"],
  },
};

describe("Anthropic messages through the official SDK", () => {
  it("answers with usage and anthropic-ratelimit-* headers", async () => {
    sim = await startSimulator({
      models: [
        {
          id: MODEL,
          provider: "anthropic",
          contextWindow: 200_000,
          limits: { rpm: 50, itpm: 20_000, otpm: 4_000 },
        },
      ],
    });
    const { data, response } = await client(sim)
      .messages.create({
        model: MODEL,
        max_tokens: 100,
        system: "You rate tone.",
        messages: [{ role: "user", content: "We shall overcome." }],
      })
      .withResponse();
    expect(data.content[0]?.type).toBe("text");
    expect(data.stop_reason).toMatch(/end_turn|max_tokens/);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get("anthropic-ratelimit-requests-limit")).toBe("50");
    expect(response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("49");
    expect(response.headers.get("anthropic-ratelimit-input-tokens-limit")).toBe("20000");
    expect(response.headers.get("anthropic-ratelimit-output-tokens-limit")).toBe("4000");
    // OTPM is charged max_tokens up front and corrected to the real output at the end.
    expect(Number(response.headers.get("anthropic-ratelimit-output-tokens-remaining"))).toBe(
      4000 - data.usage.output_tokens,
    );
    expect(Date.parse(response.headers.get("anthropic-ratelimit-requests-reset") ?? "")).toBeGreaterThan(
      Date.now() - 1000,
    );
    expect(response.headers.get("request-id")).toBeTruthy();
  });

  it("answers a forced tool call with input valid against its schema, streamed or not", async () => {
    sim = await startSimulator();
    const params = {
      model: MODEL,
      max_tokens: 300,
      messages: [{ role: "user" as const, content: "Our union is strong." }],
      tools: [toneTool],
      tool_choice: { type: "tool" as const, name: "record_tone" },
    };
    const message = await client(sim).messages.create(params);
    const block = message.content.find((b) => b.type === "tool_use");
    expect(message.stop_reason).toBe("tool_use");
    const input =
      block?.type === "tool_use" ? (block.input as { score: number; evidence: string }) : undefined;
    expect(input?.score).toBeGreaterThanOrEqual(-1);
    expect(input?.score).toBeLessThanOrEqual(1);
    expect(typeof input?.evidence).toBe("string");

    const streamed = client(sim).messages.stream(params);
    const final = await streamed.finalMessage();
    const streamedBlock = final.content.find((b) => b.type === "tool_use");
    expect(streamedBlock?.type === "tool_use" && streamedBlock.input).toEqual(input);
    expect(final.usage.output_tokens).toBe(message.usage.output_tokens);
  });

  it("streams text events in Anthropic's order with the same text as the JSON answer", async () => {
    sim = await startSimulator({ seed: 5 });
    const params = { model: MODEL, max_tokens: 120, messages: [{ role: "user" as const, content: "Text" }] };
    const json = await client(sim).messages.create(params);
    const events: string[] = [];
    let text = "";
    for await (const event of await client(sim).messages.create({ ...params, stream: true })) {
      events.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    }
    expect(events[0]).toBe("message_start");
    expect(events.at(-1)).toBe("message_stop");
    expect(events).toContain("message_delta");
    expect(text).toBe(json.content[0]?.type === "text" ? json.content[0].text : "");
  });

  it("writes a cache_control prefix once, then reads it, with input_tokens excluding both", async () => {
    sim = await startSimulator();
    const system = [
      {
        type: "text" as const,
        text: "Framework definitions. ".repeat(400),
        cache_control: { type: "ephemeral" as const },
      },
    ];
    const first = await client(sim).messages.create({
      model: MODEL,
      max_tokens: 20,
      system,
      messages: [{ role: "user", content: "Text A" }],
    });
    const second = await client(sim).messages.create({
      model: MODEL,
      max_tokens: 20,
      system,
      messages: [{ role: "user", content: "Text B" }],
    });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(50);
  });

  it("answers 429 with rate_limit_error and retry-after once RPM is spent", async () => {
    sim = await startSimulator({
      models: [{ id: MODEL, provider: "anthropic", contextWindow: 200_000, limits: { rpm: 1 } }],
    });
    const ask = () =>
      client(sim!).messages.create({
        model: MODEL,
        max_tokens: 10,
        messages: [{ role: "user", content: "x" }],
      });
    await ask();
    const err = (await ask().catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err.error as { error: { type: string } }).error.type).toBe("rate_limit_error");
    expect(Number(err.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(err.headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
  });

  it("answers 529 overloaded, 500, dropped connections, 401 and prompt-too-long as Anthropic does", async () => {
    sim = await startSimulator({
      apiKeys: ["good"],
      models: [{ id: MODEL, provider: "anthropic", contextWindow: 30 }],
    });
    const ask = (content = "x", key = "good") =>
      client(sim!, key)
        .messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: "user", content }] })
        .catch((e: unknown) => e);
    sim.inject({ fault: "529", count: 1 });
    const overloaded = (await ask()) as InternalServerError;
    expect(overloaded.status).toBe(529);
    expect((overloaded.error as { error: { type: string } }).error.type).toBe("overloaded_error");
    sim.inject({ fault: "500", count: 1 });
    expect(await ask()).toBeInstanceOf(InternalServerError);
    sim.inject({ fault: "drop", count: 1 });
    expect(await ask()).toBeInstanceOf(APIConnectionError);
    expect(await ask("x", "bad")).toBeInstanceOf(AuthenticationError);
    const long = (await ask("word ".repeat(50))) as BadRequestError;
    expect(long).toBeInstanceOf(BadRequestError);
    expect(long.message).toMatch(/prompt is too long/);
  });

  it("ends a stalled request when the simulator closes", async () => {
    sim = await startSimulator({ stallMs: 60_000 });
    sim.inject({ fault: "timeout", count: 1 });
    const pending = client(sim)
      .messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    sim = undefined;
    expect(await pending).toBeInstanceOf(APIConnectionError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
