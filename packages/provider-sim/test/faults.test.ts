import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type FaultKind, type SimServer } from "../src/index.js";
import { anthropicClient, openaiClient } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const CLAUDE = "claude-3-5-haiku-latest";
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/** One OpenAI call, streamed to the end if asked; what it threw, if anything. */
async function openaiCall(s: SimServer, options: { stream?: boolean; timeout?: number } = {}) {
  const client = openaiClient(s, options.timeout ? { timeout: options.timeout } : {});
  return settle(
    (async () => {
      const params = {
        model: "gpt-4o-mini",
        messages: [{ role: "user" as const, content: "x" }],
        max_completion_tokens: 200,
      };
      if (!options.stream)
        return (await client.chat.completions.create(params)).choices[0]?.message.content ?? "";
      let text = "";
      for await (const chunk of await client.chat.completions.create({ ...params, stream: true }))
        text += chunk.choices[0]?.delta.content ?? "";
      return text;
    })(),
  );
}

async function anthropicCall(s: SimServer, options: { stream?: boolean; timeout?: number } = {}) {
  const client = anthropicClient(s, options.timeout ? { timeout: options.timeout } : {});
  const params = { model: CLAUDE, max_tokens: 200, messages: [{ role: "user" as const, content: "x" }] };
  return settle(
    options.stream
      ? client.messages.stream(params).finalText()
      : client.messages.create(params).then((m) => m.id),
  );
}

describe("fault injection, as the official SDKs meet it", () => {
  it("surfaces each HTTP fault as the OpenAI SDK's error class, 529 as OpenAI's 503", async () => {
    sim = await startSimulator();
    const cases: [FaultKind, new (...args: never[]) => Error, number][] = [
      ["429", OpenAI.RateLimitError, 429],
      ["500", OpenAI.InternalServerError, 500],
      ["502", OpenAI.InternalServerError, 502],
      ["503", OpenAI.InternalServerError, 503],
      ["529", OpenAI.InternalServerError, 503],
    ];
    for (const [fault, type, status] of cases) {
      sim.inject({ model: "gpt-4o-mini", fault, count: 1 });
      const { error } = (await openaiCall(sim)) as { error: InstanceType<typeof OpenAI.APIError> };
      expect(error, fault).toBeInstanceOf(type);
      expect(error.status, fault).toBe(status);
    }
    sim.inject({ fault: "429", count: 1 });
    const { error } = (await openaiCall(sim)) as { error: InstanceType<typeof OpenAI.RateLimitError> };
    expect(Number(error.headers?.get("retry-after-ms"))).toBe(1_000);
    expect(error.code).toBe("rate_limit_exceeded");
  });

  it("surfaces each HTTP fault as the Anthropic SDK's error class, 529 as overloaded_error", async () => {
    sim = await startSimulator({ faultRetryAfterMs: 3_000 });
    const cases: [FaultKind, new (...args: never[]) => Error, number][] = [
      ["429", Anthropic.RateLimitError, 429],
      ["500", Anthropic.InternalServerError, 500],
      ["502", Anthropic.InternalServerError, 502],
      ["503", Anthropic.InternalServerError, 503],
      ["529", Anthropic.InternalServerError, 529],
    ];
    for (const [fault, type, status] of cases) {
      sim.inject({ model: CLAUDE, fault, count: 1 });
      const { error } = (await anthropicCall(sim)) as { error: InstanceType<typeof Anthropic.APIError> };
      expect(error, fault).toBeInstanceOf(type);
      expect(error.status, fault).toBe(status);
      if (fault === "529")
        expect(error.error).toMatchObject({
          type: "error",
          error: { type: "overloaded_error", message: "Overloaded" },
        });
      if (fault === "429") expect(error.headers?.get("retry-after")).toBe("3");
    }
  });

  it("stalls a timeout fault until the client gives up (APIConnectionTimeoutError)", async () => {
    sim = await startSimulator();
    sim.inject({ fault: "timeout", count: 2 });
    expect((await openaiCall(sim, { timeout: 150 })) as { error: unknown }).toMatchObject({
      error: expect.any(OpenAI.APIConnectionTimeoutError),
    });
    expect((await anthropicCall(sim, { timeout: 150 })) as { error: unknown }).toMatchObject({
      error: expect.any(Anthropic.APIConnectionTimeoutError),
    });
    expect(sim.stats().faults.timeout).toBe(2);
  });

  it("drops the connection before any response (APIConnectionError), streamed or not", async () => {
    sim = await startSimulator();
    sim.inject({ fault: "drop", count: 4 });
    for (const stream of [false, true]) {
      expect(((await openaiCall(sim, { stream })) as { error: unknown }).error).toBeInstanceOf(
        OpenAI.APIConnectionError,
      );
      expect(((await anthropicCall(sim, { stream })) as { error: unknown }).error).toBeInstanceOf(
        Anthropic.APIConnectionError,
      );
    }
  });

  it("sends a 200 whose JSON or event data breaks off, which the SDKs cannot parse", async () => {
    sim = await startSimulator();
    sim.inject({ fault: "malformed", count: 4 });
    for (const stream of [false, true]) {
      // JSON.parse's SyntaxError (of another realm than the test's), itself or as the SDK's cause.
      const openai = ((await openaiCall(sim, { stream })) as { error: Error }).error;
      const anthropic = ((await anthropicCall(sim, { stream })) as { error: Error }).error;
      expect(openai.name).toBe("SyntaxError");
      expect(stream ? (anthropic.cause as Error).name : anthropic.name).toBe("SyntaxError");
    }
    expect(sim.stats().byStatus["200"]).toBe(4);
  });

  it("cuts a stream after part of the answer, and drops a non-streamed request", async () => {
    sim = await startSimulator({
      models: [{ id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, answerTokens: 100 }],
    });
    sim.inject({ fault: "midstream_cut", count: 2 });
    const client = openaiClient(sim);
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "x" }],
      max_completion_tokens: 200,
      stream: true,
    });
    let received = "";
    const cut = await settle(
      (async () => {
        for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? "";
      })(),
    );
    expect((cut as { error: unknown }).error).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
    expect(((await openaiCall(sim)) as { error: unknown }).error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(sim.stats().faults.midstream_cut).toBe(2);
  });

  it("injects for the named model only, then serves normally", async () => {
    sim = await startSimulator();
    sim.inject({ model: CLAUDE, fault: "500", count: 1 });
    expect(await openaiCall(sim)).toHaveProperty("value");
    expect(((await anthropicCall(sim)) as { error: unknown }).error).toBeInstanceOf(
      Anthropic.InternalServerError,
    );
    expect(await anthropicCall(sim)).toHaveProperty("value");
    expect(() => sim!.inject({ model: "nope", fault: "500", count: 1 })).toThrow(/no model "nope"/);
  });

  it("draws configured fault rates from the seed: the same faults in the same order on every run", async () => {
    const run = async (seed: number) => {
      const s = await startSimulator({ seed, faults: { "500": 0.2, "429": 0.2 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await openaiCall(s);
        outcomes.push("error" in r ? String((r.error as InstanceType<typeof OpenAI.APIError>).status) : "ok");
      }
      const stats = s.stats();
      await s.close();
      return { outcomes, stats };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.outcomes).not.toEqual(c.outcomes);
    expect(a.outcomes).toContain("500");
    expect(a.outcomes).toContain("429");
    expect(a.outcomes).toContain("ok");
    expect(a.stats.faults["500"]).toBe(a.outcomes.filter((o) => o === "500").length);
    expect(a.stats.recent.filter((e) => e.fault === "429")).toHaveLength(a.stats.faults["429"] ?? 0);
  });

  it("ends stalled requests at once when closed, so tests never hang", async () => {
    sim = await startSimulator({ stallMs: 60_000 });
    sim.inject({ fault: "timeout", count: 2 });
    const pending = [openaiCall(sim), anthropicCall(sim)];
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    sim = undefined;
    const [o, a] = await Promise.all(pending);
    expect((o as { error: unknown }).error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect((a as { error: unknown }).error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
