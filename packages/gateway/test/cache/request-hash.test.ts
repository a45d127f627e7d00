import { describe, expect, it } from "vitest";
import { MemoryCache } from "../../src/cache/memory-cache.js";
import { requestHash, type CacheableRequest } from "../../src/cache/request-hash.js";
import type { GatewayResponse } from "../../src/types.js";

const base: CacheableRequest = {
  model: "openai/gpt-4o-mini",
  messages: [
    { role: "system", content: "Score the text." },
    { role: "user", content: "<text>The food was good.</text>" },
  ],
  maxTokens: 256,
  temperature: 0,
  responseFormat: {
    type: "json_schema",
    name: "score",
    schema: { type: "object", properties: { score: { type: "number" } }, required: ["score"] },
  },
};

describe("requestHash", () => {
  it("is a sha256 hex digest, stable across calls", () => {
    expect(requestHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash(structuredClone(base))).toBe(requestHash(base));
  });

  it("does not depend on key order, in the request, its messages or its schema", () => {
    const reordered = {
      responseFormat: {
        schema: { required: ["score"], properties: { score: { type: "number" } }, type: "object" },
        name: "score",
        type: "json_schema",
      },
      temperature: 0,
      maxTokens: 256,
      messages: base.messages.map((m) => ({ content: m.content, role: m.role })),
      model: "openai/gpt-4o-mini",
    } as CacheableRequest;
    expect(requestHash(reordered)).toBe(requestHash(base));
  });

  it("ignores stream, tags, signal and extra message fields", () => {
    const noisy = {
      ...base,
      stream: true,
      tags: { run: "r1", item: "42" },
      signal: new AbortController().signal,
      messages: base.messages.map((m) => ({ ...m, name: "someone" })),
    } as CacheableRequest;
    expect(requestHash(noisy)).toBe(requestHash(base));
  });

  it("changes with temperature, and treats an absent temperature as undefined", () => {
    expect(requestHash({ ...base, temperature: 0.7 })).not.toBe(requestHash(base));
    const { temperature: _t, ...without } = base;
    expect(requestHash(without)).not.toBe(requestHash(base));
    expect(requestHash({ ...without, temperature: undefined })).toBe(requestHash(without));
  });

  it.each<[string, Partial<CacheableRequest>]>([
    ["model", { model: "openai/gpt-4o" }],
    ["maxTokens", { maxTokens: 257 }],
    ["topP", { topP: 0.9 }],
    ["seed", { seed: 1 }],
    ["message content", { messages: [{ role: "user", content: "Other text." }] }],
    ["message order", { messages: [...base.messages].reverse() }],
    ["responseFormat", { responseFormat: undefined }],
  ])("changes with %s", (_name, change) => {
    expect(requestHash({ ...base, ...change })).not.toBe(requestHash(base));
  });
});

describe("MemoryCache", () => {
  const response = (text: string) => ({ text }) as GatewayResponse;

  it("drops the least recently used entry past maxEntries", () => {
    const cache = new MemoryCache(2);
    cache.set("a", response("A"));
    cache.set("b", response("B"));
    expect(cache.get("a")?.text).toBe("A"); // a is now the most recent
    cache.set("c", response("C"));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.text).toBe("A");
    expect(cache.get("c")?.text).toBe("C");
  });

  it("replaces an entry set twice without growing", () => {
    const cache = new MemoryCache(2);
    cache.set("a", response("1"));
    cache.set("a", response("2"));
    expect(cache.size).toBe(1);
    expect(cache.get("a")?.text).toBe("2");
  });
});
