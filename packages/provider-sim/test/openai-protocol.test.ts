import OpenAI, { AuthenticationError, BadRequestError, NotFoundError, RateLimitError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimServer } from "../src/index.js";
import { openaiClient as client, schemaErrors, TONE_SCHEMA } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const messages = [
  { role: "system" as const, content: "You rate tone." },
  { role: "user" as const, content: "We shall overcome." },
];
const limited = (limits: { rpm?: number; tpm?: number }, contextWindow = 128_000) =>
  startSimulator({ models: [{ id: "gpt-4o-mini", provider: "openai", contextWindow, limits }] });

describe("OpenAI chat completions through the official SDK", () => {
  it("answers with usage, a request id and rate-limit headers whose remaining falls with each call", async () => {
    sim = await limited({ rpm: 100, tpm: 10_000 });
    const ask = () =>
      client(sim!)
        .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 50 })
        .withResponse();
    const first = await ask();
    const second = await ask();
    expect(first.data.object).toBe("chat.completion");
    expect(first.data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(first.data.choices[0]?.finish_reason).toMatch(/stop|length/);
    // Chat framing as OpenAI documents it: 3 per message plus 3 for the reply; each text is 4 tokens.
    expect(first.data.usage?.prompt_tokens).toBe(3 + (3 + 4) + (3 + 4));
    expect(first.data.usage?.total_tokens).toBe(
      (first.data.usage?.prompt_tokens ?? 0) + (first.data.usage?.completion_tokens ?? 0),
    );
    const h1 = first.response.headers;
    const h2 = second.response.headers;
    expect(h1.get("x-ratelimit-limit-requests")).toBe("100");
    expect(h1.get("x-ratelimit-limit-tokens")).toBe("10000");
    expect(h1.get("x-ratelimit-remaining-requests")).toBe("99");
    expect(h2.get("x-ratelimit-remaining-requests")).toBe("98");
    // TPM is charged prompt + max_completion_tokens at admission (and refills by the time of the header).
    const remaining = Number(h1.get("x-ratelimit-remaining-tokens"));
    expect(remaining).toBeGreaterThanOrEqual(10_000 - 17 - 50);
    expect(remaining).toBeLessThan(10_000 - 17 - 50 + 20);
    expect(Number(h2.get("x-ratelimit-remaining-tokens"))).toBeLessThan(
      Number(h1.get("x-ratelimit-remaining-tokens")),
    );
    expect(h1.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    expect(h1.get("x-ratelimit-reset-tokens")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    expect(first.response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("streams deltas with the JSON answer's text, and a last usage chunk only when include_usage is set", async () => {
    sim = await startSimulator({ seed: 3 });
    const params = { model: "gpt-4o-mini", messages, max_completion_tokens: 80 };
    const json = await client(sim).chat.completions.create(params);
    const read = async (includeUsage: boolean) => {
      const stream = await client(sim!).chat.completions.create({
        ...params,
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      let text = "";
      let usage: OpenAI.CompletionUsage | undefined;
      const finishes: string[] = [];
      for await (const chunk of stream) {
        expect(chunk.object).toBe("chat.completion.chunk");
        text += chunk.choices[0]?.delta.content ?? "";
        if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, usage, finishes };
    };
    const withUsage = await read(true);
    const without = await read(false);
    expect(withUsage.text).toBe(json.choices[0]?.message.content);
    expect(withUsage.usage).toEqual(json.usage);
    expect(withUsage.finishes).toEqual([json.choices[0]?.finish_reason]);
    expect(without.text).toBe(withUsage.text);
    expect(without.usage).toBeUndefined();
  });

  it("answers a strict json_schema response_format with JSON valid against the schema, streamed or not", async () => {
    sim = await startSimulator();
    const params = {
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 400,
      response_format: {
        type: "json_schema" as const,
        json_schema: { name: "tone", strict: true, schema: TONE_SCHEMA },
      },
    };
    const r = await client(sim).chat.completions.create(params);
    const value: unknown = JSON.parse(r.choices[0]?.message.content ?? "");
    expect(schemaErrors(TONE_SCHEMA, value)).toEqual([]);
    let streamed = "";
    for await (const chunk of await client(sim).chat.completions.create({ ...params, stream: true }))
      streamed += chunk.choices[0]?.delta.content ?? "";
    expect(JSON.parse(streamed)).toEqual(value);
    // json_object, as OpenAI requires, only with the word "json" in the messages.
    const object = { ...params, response_format: { type: "json_object" as const } };
    await expect(client(sim).chat.completions.create(object)).rejects.toBeInstanceOf(BadRequestError);
    const answer = await client(sim).chat.completions.create({
      ...object,
      messages: [...messages, { role: "user", content: "Answer in JSON." }],
    });
    expect(typeof JSON.parse(answer.choices[0]?.message.content ?? "")).toBe("object");
  });

  it("cuts an answer at max_completion_tokens with finish_reason length", async () => {
    sim = await startSimulator({
      models: [{ id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, answerTokens: 200 }],
    });
    const r = await client(sim).chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      max_completion_tokens: 7,
    });
    expect(r.choices[0]?.finish_reason).toBe("length");
    expect(r.usage?.completion_tokens).toBe(7);
  });

  it("reports a recently seen prefix of 1,024+ tokens as cached, in 128-token steps", async () => {
    sim = await startSimulator();
    const system = { role: "system" as const, content: "Framework definitions for tone. ".repeat(300) };
    const ask = (text: string, model = "gpt-4o-mini") =>
      client(sim!).chat.completions.create({
        model,
        messages: [system, { role: "user", content: text }],
        max_completion_tokens: 10,
      });
    const first = await ask("Text A");
    const second = await ask("Text B");
    const otherModel = await ask("Text B", "gpt-4.1");
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage?.prompt_tokens ?? 0);
    expect(otherModel.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it("counts a reasoning model's reasoning tokens inside completion_tokens, and refuses max_tokens for it", async () => {
    sim = await startSimulator();
    const r = await client(sim).chat.completions.create({
      model: "o4-mini",
      messages,
      max_completion_tokens: 4000,
    });
    const reasoning = r.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(reasoning % 64).toBe(0);
    expect(r.usage?.completion_tokens).toBeGreaterThan(reasoning);
    const starved = await client(sim).chat.completions.create({
      model: "o4-mini",
      messages,
      max_completion_tokens: 16,
    });
    expect(starved.choices[0]?.message.content).toBe("");
    expect(starved.choices[0]?.finish_reason).toBe("length");
    const refused = await client(sim)
      .chat.completions.create({ model: "o4-mini", messages, max_tokens: 100 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).code).toBe("unsupported_parameter");
    expect((refused as BadRequestError).param).toBe("max_tokens");
  });

  it("answers 429 with OpenAI's body, Retry-After and limit headers once RPM is spent", async () => {
    sim = await limited({ rpm: 2 });
    const ask = () =>
      client(sim!).chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 5 });
    await ask();
    await ask();
    const err = (await ask().catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe("rate_limit_exceeded");
    expect(err.type).toBe("requests");
    expect(err.param).toBeNull();
    expect(err.message).toMatch(
      /Rate limit reached for gpt-4o-mini in organization \S+ on requests per min \(RPM\): Limit 2, Used 2, Requested 1\. Please try again in \d+(\.\d+)?m?s\./,
    );
    // A bucket of 2 per minute refills one request every 30 s.
    expect(Number(err.headers?.get("retry-after-ms"))).toBeGreaterThan(29_000);
    expect(Number(err.headers?.get("retry-after"))).toBe(30);
    expect(err.headers?.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(err.headers?.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?s$/);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it("answers 429 on TPM, counting max_tokens, and 'Request too large' when one request exceeds the limit", async () => {
    sim = await limited({ tpm: 1_000 });
    const ask = (max: number) =>
      client(sim!)
        .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: max })
        .catch((e: unknown) => e);
    expect(await ask(900)).not.toBeInstanceOf(Error);
    const tokens = (await ask(900)) as RateLimitError;
    expect(tokens).toBeInstanceOf(RateLimitError);
    expect(tokens.type).toBe("tokens");
    expect(tokens.message).toMatch(/on tokens per min \(TPM\): Limit 1000, Used \d+, Requested 917\./);
    const tooLarge = (await ask(5_000)) as RateLimitError;
    expect(tooLarge).toBeInstanceOf(RateLimitError);
    expect(tooLarge.message).toMatch(
      /Request too large for gpt-4o-mini .* Limit 1000, Requested 5017\. The input or output tokens must be reduced/,
    );
  });

  it("refuses a missing or wrong key with 401, and an unknown model with 404, in OpenAI's words", async () => {
    sim = await startSimulator({ apiKeys: ["sk-right"] });
    const noKey = await fetch(`${sim.openaiBaseUrl}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "gpt-4o-mini", messages }),
    });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { message: string } }).error.message).toMatch(
      /You didn't provide an API key/,
    );
    const wrong = (await client(sim, { apiKey: "sk-proj-SECRETSECRET1234" })
      .chat.completions.create({ model: "gpt-4o-mini", messages })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(wrong.code).toBe("invalid_api_key");
    expect(wrong.message).toMatch(/Incorrect API key provided: sk-pr\*+1234/);
    const unknown = (await client(sim, { apiKey: "sk-right" })
      .chat.completions.create({ model: "gpt-9", messages })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.code).toBe("model_not_found");
    expect(unknown.message).toMatch(/The model `gpt-9` does not exist or you do not have access to it\./);
  });

  it("refuses prompt + max_tokens beyond the context window with context_length_exceeded", async () => {
    sim = await limited({}, 30);
    const err = (await client(sim)
      .chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 50 })
      .catch((e: unknown) => e)) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.code).toBe("context_length_exceeded");
    expect(err.message).toMatch(
      /maximum context length is 30 tokens\. However, you requested 67 tokens \(17 in the messages, 50 in the completion\)/,
    );
  });

  it("lists and retrieves its OpenAI models", async () => {
    sim = await startSimulator();
    const ids = (await client(sim).models.list()).data.map((m) => m.id);
    expect(ids).toContain("gpt-4o-mini");
    expect(ids).toContain("o4-mini");
    expect(ids).not.toContain("claude-3-5-haiku-latest");
    expect((await client(sim).models.retrieve("gpt-4.1")).id).toBe("gpt-4.1");
  });
});
