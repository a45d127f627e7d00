import { AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import { startSimulator, type SimLimits, type SimServer } from "../src/index.js";
import { anthropicClient as client, schemaErrors, TONE_SCHEMA } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MODEL = "claude-3-5-haiku-latest";
// The SDK types input_schema as mutable JSON Schema; the shared schema is a readonly constant.
const toneTool: Tool = {
  name: "record_tone",
  description: "Record the tone.",
  input_schema: TONE_SCHEMA as unknown as Tool["input_schema"],
};
const user = (content: string) => [{ role: "user" as const, content }];
const limited = (limits: SimLimits, contextWindow = 200_000) =>
  startSimulator({ models: [{ id: MODEL, provider: "anthropic", contextWindow, limits }] });

describe("Anthropic messages through the official SDK", () => {
  it("answers with usage, request-id and anthropic-ratelimit-* headers, OTPM corrected to the real output", async () => {
    sim = await limited({ rpm: 50, itpm: 20_000, otpm: 4_000 });
    const ask = () =>
      client(sim!)
        .messages.create({
          model: MODEL,
          max_tokens: 300,
          system: "You rate tone.",
          messages: user("We shall overcome."),
        })
        .withResponse();
    const { data, response } = await ask();
    const second = await ask();
    expect(data.type).toBe("message");
    expect(data.content[0]?.type).toBe("text");
    expect(data.stop_reason).toBe("end_turn");
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(0);
    const h = response.headers;
    expect(h.get("request-id")).toMatch(/^req_/);
    expect(h.get("anthropic-ratelimit-requests-limit")).toBe("50");
    expect(h.get("anthropic-ratelimit-requests-remaining")).toBe("49");
    expect(second.response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("48");
    expect(h.get("anthropic-ratelimit-input-tokens-limit")).toBe("20000");
    expect(h.get("anthropic-ratelimit-output-tokens-limit")).toBe("4000");
    expect(h.get("anthropic-ratelimit-tokens-limit")).toMatch(/^(20000|4000)$/);
    // max_tokens (300) is charged at admission and given back, less the real output, at the end.
    const outputRemaining = Number(h.get("anthropic-ratelimit-output-tokens-remaining"));
    expect(outputRemaining).toBeGreaterThanOrEqual(4_000 - data.usage.output_tokens);
    expect(outputRemaining).toBeLessThan(4_000 - data.usage.output_tokens + 10);
    const reset = Date.parse(h.get("anthropic-ratelimit-requests-reset") ?? "");
    expect(h.get("anthropic-ratelimit-requests-reset")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(reset).toBeGreaterThan(Date.now() - 1_000);
    expect(reset).toBeLessThan(Date.now() + 3_000);
  });

  it("answers a forced tool with a tool_use block valid against its input_schema, streamed or not", async () => {
    sim = await startSimulator();
    const params = {
      model: MODEL,
      max_tokens: 400,
      messages: user("Our union is strong, and our people are resilient."),
      tools: [toneTool],
      tool_choice: { type: "tool" as const, name: "record_tone" },
    };
    const message = await client(sim).messages.create(params);
    expect(message.stop_reason).toBe("tool_use");
    const block = message.content[0];
    expect(block?.type).toBe("tool_use");
    const input = block?.type === "tool_use" ? block.input : undefined;
    expect(block?.type === "tool_use" && block.name).toBe("record_tone");
    expect(schemaErrors(TONE_SCHEMA, input)).toEqual([]);

    const events: string[] = [];
    const stream = client(sim).messages.stream(params);
    stream.on("streamEvent", (e) => events.push(e.type));
    const final = await stream.finalMessage();
    const streamed = final.content[0];
    expect(streamed?.type === "tool_use" && streamed.input).toEqual(input);
    expect(final.stop_reason).toBe("tool_use");
    expect(final.usage).toEqual(message.usage);
    expect(events).toContain("content_block_delta");
  });

  it("streams text in Anthropic's event order with the JSON answer's text and usage", async () => {
    sim = await startSimulator({ seed: 5 });
    const params = { model: MODEL, max_tokens: 120, messages: user("Text") };
    const json = await client(sim).messages.create(params);
    const events: string[] = [];
    let text = "";
    let outputTokens = 0;
    for await (const event of await client(sim).messages.create({ ...params, stream: true })) {
      events.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      if (event.type === "message_delta") outputTokens = event.usage.output_tokens;
    }
    const order = events.filter((e) => e !== "ping" && e !== "content_block_delta");
    expect(order).toEqual([
      "message_start",
      "content_block_start",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events.filter((e) => e === "content_block_delta").length).toBeGreaterThan(1);
    expect(text).toBe(json.content[0]?.type === "text" ? json.content[0].text : undefined);
    expect(outputTokens).toBe(json.usage.output_tokens);
  });

  it("stops at max_tokens with stop_reason max_tokens", async () => {
    sim = await startSimulator();
    const r = await client(sim).messages.create({ model: MODEL, max_tokens: 5, messages: user("Text") });
    expect(r.stop_reason).toBe("max_tokens");
    expect(r.usage.output_tokens).toBe(5);
  });

  it("writes a cache_control prefix once, then reads it, with input_tokens excluding both", async () => {
    sim = await startSimulator();
    const system = [
      {
        type: "text" as const,
        text: "Framework definitions for tone. ".repeat(600),
        cache_control: { type: "ephemeral" as const },
      },
    ];
    const ask = (text: string) =>
      client(sim!).messages.create({ model: MODEL, max_tokens: 20, system, messages: user(text) });
    const first = await ask("Text A");
    const second = await ask("Text B");
    // Over Haiku 3.5's 2,048-token minimum.
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(2048);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(20);
    expect(first.usage.input_tokens).toBe(second.usage.input_tokens);
  });

  it("caches nothing below the model's minimum, and splits 1-hour from 5-minute cache writes", async () => {
    sim = await startSimulator();
    const short = [
      { type: "text" as const, text: "Short framework.", cache_control: { type: "ephemeral" as const } },
    ];
    const r = await client(sim).messages.create({
      model: MODEL,
      max_tokens: 10,
      system: short,
      messages: user("x"),
    });
    expect(r.usage.cache_creation_input_tokens).toBe(0);
    const long = "Framework definitions for tone. ".repeat(600);
    const hour = await client(sim).messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 10,
      system: [
        { type: "text", text: long, cache_control: { type: "ephemeral", ttl: "1h" } },
        { type: "text", text: long.toUpperCase(), cache_control: { type: "ephemeral" } },
      ],
      messages: user("x"),
    });
    const creation = hour.usage.cache_creation;
    expect(creation?.ephemeral_1h_input_tokens).toBeGreaterThan(2048);
    expect(creation?.ephemeral_5m_input_tokens).toBeGreaterThan(0);
    expect(hour.usage.cache_creation_input_tokens).toBe(
      (creation?.ephemeral_1h_input_tokens ?? 0) + (creation?.ephemeral_5m_input_tokens ?? 0),
    );
  });

  it("answers 429 rate_limit_error with retry-after once RPM is spent", async () => {
    sim = await limited({ rpm: 1 });
    const ask = () => client(sim!).messages.create({ model: MODEL, max_tokens: 10, messages: user("x") });
    await ask();
    const err = (await ask().catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    const body = err.error as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("rate_limit_error");
    expect(body.error.message).toMatch(
      /would exceed the rate limit for your organization of 1 requests per minute/,
    );
    expect(Number(err.headers?.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(err.headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
  });

  it("charges uncached input to ITPM and max_tokens to OTPM at admission", async () => {
    sim = await limited({ itpm: 100, otpm: 1_000 });
    const ask = (content: string, max: number) =>
      client(sim!)
        .messages.create({ model: MODEL, max_tokens: max, messages: user(content) })
        .catch((e: unknown) => e);
    const input = (await ask("word ".repeat(120), 10)) as RateLimitError;
    expect(input).toBeInstanceOf(RateLimitError);
    expect((input.error as { error: { message: string } }).error.message).toMatch(
      /100 input tokens per minute/,
    );
    const output = (await ask("x", 1_500)) as RateLimitError;
    expect(output).toBeInstanceOf(RateLimitError);
    expect((output.error as { error: { message: string } }).error.message).toMatch(
      /1000 output tokens per minute/,
    );
  });

  it("refuses a missing or wrong x-api-key, an unknown model and a prompt too long, in Anthropic's words", async () => {
    sim = await startSimulator({
      apiKeys: ["good"],
      models: [{ id: MODEL, provider: "anthropic", contextWindow: 40 }],
    });
    const ask = (content: string, key: string, model = MODEL, max = 10) =>
      client(sim!, { apiKey: key })
        .messages.create({ model, max_tokens: max, messages: user(content) })
        .catch((e: unknown) => e);
    const wrong = (await ask("x", "bad")) as AuthenticationError;
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong.error as { error: { type: string } }).error.type).toBe("authentication_error");
    const missing = await fetch(`${sim.anthropicBaseUrl}/v1/messages`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      "x-api-key header is required",
    );
    const unknown = (await ask("x", "good", "claude-9")) as NotFoundError;
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown.error as { error: { type: string; message: string } }).error).toEqual({
      type: "not_found_error",
      message: "model: claude-9",
    });
    const long = (await ask("word ".repeat(60), "good")) as BadRequestError;
    expect(long).toBeInstanceOf(BadRequestError);
    expect(long.message).toMatch(/prompt is too long: \d+ tokens > 40 maximum/);
    const withOutput = (await ask("x", "good", MODEL, 100)) as BadRequestError;
    expect(withOutput.message).toMatch(/input length and `max_tokens` exceed context limit: \d+ \+ 100 > 40/);
  });

  it("counts tokens and lists its Anthropic models", async () => {
    sim = await startSimulator();
    const counted = await client(sim).messages.countTokens({
      model: MODEL,
      messages: user("We shall overcome."),
    });
    const sent = await client(sim).messages.create({
      model: MODEL,
      max_tokens: 5,
      messages: user("We shall overcome."),
    });
    expect(counted.input_tokens).toBe(sent.usage.input_tokens);
    const ids: string[] = [];
    for await (const model of client(sim).models.list()) ids.push(model.id);
    expect(ids).toContain(MODEL);
    expect(ids).not.toContain("gpt-4o-mini");
  });
});
