import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/cache/canonical-json.js";
import { requestHash } from "../../src/cache/request-hash.js";
import { AbortedError, UnknownModelError } from "../../src/errors.js";
import { createLocalAdapter } from "../../src/providers/local-adapter.js";
import type { AdapterCall } from "../../src/providers/provider-adapter.js";
import { redactSecrets } from "../../src/providers/redact-secrets.js";

const call = (model: string, content: string, signal = new AbortController().signal): AdapterCall => ({
  model,
  messages: [{ role: "user", content }],
  maxTokens: 10,
  stream: false,
  timeoutMs: 1_000,
  signal,
});

describe("local instruments", () => {
  const local = createLocalAdapter();

  it("gives VADER's and AFINN's published scores", async () => {
    // VADER compound for "The food was good." is 0.4404; AFINN-165 rates "hate" -3 over 3 tokens.
    expect((await local.send(call("vader", "The food was good."))).json).toMatchObject({
      score: 0.4404,
      pos: 0.492,
    });
    expect((await local.send(call("afinn", "I hate this."))).json).toMatchObject({
      sum: -3,
      comparative: -1,
      score: -0.2,
    });
  });

  it("scores only the text inside <text>...</text>", async () => {
    const wrapped = await local.send(
      call("vader", "Rate this terrible, awful speech: <text>The food was good.</text>"),
    );
    expect((wrapped.json as { score: number }).score).toBe(0.4404);
    expect(wrapped.usage.inputTokens).toBeGreaterThan(0);
  });

  it("refuses unknown instruments and honours cancellation", async () => {
    await expect(local.send(call("liwc", "x"))).rejects.toBeInstanceOf(UnknownModelError);
    const controller = new AbortController();
    controller.abort();
    await expect(local.send(call("vader", "x", controller.signal))).rejects.toBeInstanceOf(AbortedError);
  });
});

describe("secrets", () => {
  it("redacts keys, masked keys and auth headers", () => {
    const text =
      "Incorrect API key provided: sk-proj-ab****wxyz; Authorization: Bearer abcdefghijkl; x-api-key=sk-ant-123456789";
    const out = redactSecrets(text, ["my-own-secret-value"]);
    expect(out).not.toMatch(/ab\*\*\*\*wxyz|abcdefghijkl|123456789/);
    expect(redactSecrets("key my-own-secret-value here", ["my-own-secret-value"])).toBe(
      "key [redacted] here",
    );
  });
});

describe("request hash", () => {
  const request = {
    model: "openai/gpt-4o-mini",
    messages: [{ role: "user" as const, content: "x" }],
    maxTokens: 10,
    temperature: 0,
  };

  it("ignores key order but not what changes the answer", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(requestHash(request)).toBe(
      requestHash({ temperature: 0, maxTokens: 10, messages: request.messages, model: request.model }),
    );
    expect(requestHash(request)).not.toBe(requestHash({ ...request, temperature: 1 }));
    expect(requestHash(request)).not.toBe(
      requestHash({ ...request, model: "anthropic/claude-3-5-haiku-latest" }),
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });
});
