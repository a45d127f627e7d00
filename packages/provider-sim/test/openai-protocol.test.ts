import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimServer } from "../src/index.js";

let sim: SimServer | undefined;
afterEach(() => sim?.close());

const client = (s: SimServer, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ baseURL: s.openaiBaseUrl, apiKey: "sk-sim-test-0000", maxRetries: 0, ...extra });

const messages = [
  { role: "system" as const, content: "You rate tone." },
  { role: "user" as const, content: "We shall overcome." },
];

describe("OpenAI chat completions through the official SDK", () => {
  it("answers with usage and the rate-limit headers, remaining falling with each call", async () => {
    sim = await startSimulator({
      models: [
        { id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, limits: { rpm: 100, tpm: 10_000 } },
      ],
    });
    const first = await client(sim)
      .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 50 })
      .withResponse();
    const second = await client(sim)
      .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 50 })
      .withResponse();
    expect(first.data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(first.data.usage?.prompt_tokens).toBe(3 + (3 + 4) + (3 + 4)); // framing + "You rate tone." + "We shall overcome."
    expect(first.data.usage?.completion_tokens).toBeLessThanOrEqual(50);
    expect(first.response.headers.get("x-ratelimit-limit-requests")).toBe("100");
    expect(first.response.headers.get("x-ratelimit-limit-tokens")).toBe("10000");
    expect(Number(second.response.headers.get("x-ratelimit-remaining-requests"))).toBe(98);
    expect(Number(second.response.headers.get("x-ratelimit-remaining-tokens"))).toBeLessThan(
      Number(first.response.headers.get("x-ratelimit-remaining-tokens")),
    );
    expect(first.response.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    expect(first.response.headers.get("x-request-id")).toBeTruthy();
  });

  it("streams chunks ending with usage when asked, with the same text as the JSON answer", async () => {
    sim = await startSimulator({ seed: 3 });
    const json = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 80,
    });
    const stream = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 80,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(json.choices[0]?.message.content);
    expect(usage?.completion_tokens).toBe(json.usage?.completion_tokens);
  });

  it("answers a json_schema response_format with JSON valid against the schema", async () => {
    sim = await startSimulator();
    const r = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 200,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "tone",
          strict: true,
          schema: {
            type: "object",
            properties: {
              score: { type: "number", minimum: -1, maximum: 1 },
              label: { enum: ["negative", "neutral", "positive"] },
              level: { type: "integer", minimum: 1, maximum: 5 },
              quotes: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 },
            },
            required: ["score", "label", "level", "quotes"],
            additionalProperties: false,
          },
        },
      },
    });
    const value = JSON.parse(r.choices[0]?.message.content ?? "") as {
      score: number;
      label: string;
      level: number;
      quotes: string[];
    };
    expect(value.score).toBeGreaterThanOrEqual(-1);
    expect(value.score).toBeLessThanOrEqual(1);
    expect(["negative", "neutral", "positive"]).toContain(value.label);
    expect(Number.isInteger(value.level) && value.level >= 1 && value.level <= 5).toBe(true);
    expect(value.quotes.length).toBeGreaterThanOrEqual(1);
    expect(value.quotes.length).toBeLessThanOrEqual(2);
  });

  it("reports cached prompt tokens for a repeated long prefix, and reasoning tokens inside completion tokens", async () => {
    sim = await startSimulator();
    const long = [
      { role: "system" as const, content: "Framework definitions. ".repeat(400) },
      { role: "user" as const, content: "Text A" },
    ];
    await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages: long,
      max_completion_tokens: 10,
    });
    const again = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [long[0]!, { role: "user", content: "Text B" }],
      max_completion_tokens: 10,
    });
    const cached = again.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    const o4 = await client(sim).chat.completions.create({
      model: "o4-mini",
      messages,
      max_completion_tokens: 1000,
    });
    const reasoning = o4.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(o4.usage?.completion_tokens).toBeGreaterThan(reasoning);
  });

  it("answers 429 with OpenAI's body, Retry-After and headers once RPM is spent", async () => {
    sim = await startSimulator({
      models: [{ id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, limits: { rpm: 2 } }],
    });
    await client(sim).chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 5 });
    await client(sim).chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 5 });
    const err = await client(sim)
      .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 5 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.code).toBe("rate_limit_exceeded");
    expect(e.message).toMatch(/requests per min \(RPM\): Limit 2/);
    expect(Number(e.headers?.get("retry-after-ms"))).toBeGreaterThan(0);
    expect(e.headers?.get("x-ratelimit-remaining-requests")).toBe("0");
  });

  it("refuses a missing key, an unknown model and a prompt beyond the context window as OpenAI does", async () => {
    sim = await startSimulator({ models: [{ id: "tiny", provider: "openai", contextWindow: 20 }] });
    expect((await client(sim).models.list()).data.map((m) => m.id)).toEqual(["tiny"]);
    const noKey = await fetch(`${sim.openaiBaseUrl}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "tiny", messages }),
    });
    expect(noKey.status).toBe(401);
    await expect(
      client(sim, { apiKey: "bad" }).chat.completions.create({ model: "nope", messages }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const long = await client(sim)
      .chat.completions.create({ model: "tiny", messages, max_completion_tokens: 50 })
      .catch((e: unknown) => e);
    expect(long).toBeInstanceOf(BadRequestError);
    expect((long as BadRequestError).code).toBe("context_length_exceeded");
  });

  it("masks the key in its 401 message as OpenAI does", async () => {
    sim = await startSimulator({ apiKeys: ["only-this"] });
    const err = (await client(sim, { apiKey: "sk-proj-SECRETSECRET1234" })
      .chat.completions.create({ model: "gpt-4o-mini", messages })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).not.toContain("SECRETSECRET");
  });

  it("injects each fault as the SDK meets it in production", async () => {
    sim = await startSimulator({ stallMs: 5_000 });
    const call = (timeout?: number, stream = false) =>
      client(sim!, timeout ? { timeout } : {})
        .chat.completions.create({
          model: "gpt-4o-mini",
          messages,
          max_completion_tokens: 20,
          stream: stream as false,
        })
        .catch((e: unknown) => e);
    for (const [fault, cls] of [
      ["500", InternalServerError],
      ["502", InternalServerError],
      ["503", InternalServerError],
      ["429", RateLimitError],
      ["drop", APIConnectionError],
    ] as const) {
      sim.inject({ fault, count: 1 });
      expect(await call(), fault).toBeInstanceOf(cls);
    }
    sim.inject({ fault: "timeout", count: 1 });
    expect(await call(200)).toBeInstanceOf(APIConnectionTimeoutError);
    sim.inject({ fault: "malformed", count: 1 });
    expect(await call()).toBeInstanceOf(Error);
    expect(sim.stats().faults).toMatchObject({
      "500": 1,
      "502": 1,
      "503": 1,
      "429": 1,
      drop: 1,
      timeout: 1,
      malformed: 1,
    });
  });

  it("cuts a stream mid-answer so the client sees a broken connection", async () => {
    sim = await startSimulator({
      models: [{ id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, answerTokens: 200 }],
    });
    sim.inject({ fault: "midstream_cut", count: 1 });
    const stream = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 300,
      stream: true,
    });
    let received = "";
    const err = await (async () => {
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
  });

  it("gives the same answers and faults for the same seed", async () => {
    const run = async () => {
      const s = await startSimulator({ seed: 99, faults: { "500": 0.3 } });
      const out: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await client(s)
          .chat.completions.create({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: `Text ${i}` }],
            max_completion_tokens: 30,
          })
          .catch((e: unknown) => e);
        out.push(r instanceof Error ? "error" : (r.choices[0]?.message.content ?? ""));
      }
      await s.close();
      return out;
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(a).toContain("error");
  });
});
