import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash, type CacheableRequest } from "../src/index.js";

/** The definition: sha256 of the canonical JSON of the request's answer-changing fields. */
const reference = (r: CacheableRequest) =>
  createHash("sha256")
    .update(
      canonicalJson({
        v: 1,
        model: r.model,
        messages: r.messages.map((m) => ({ role: m.role, content: m.content })),
        maxTokens: r.maxTokens,
        temperature: r.temperature,
        topP: r.topP,
        seed: r.seed,
        responseFormat: r.responseFormat,
      }),
    )
    .digest("hex");

const system = `Score the text. ${"Read closely, quote exactly, and keep to the scale. ".repeat(60)}\u2028"quoted"\\`;
const format = Object.freeze({
  type: "json_schema" as const,
  name: "scores",
  schema: Object.freeze({
    type: "object",
    properties: Object.freeze({ b: { type: "number" }, a: { type: "string" } }),
  }),
});

describe("requestHash", () => {
  it.each<[string, CacheableRequest]>([
    [
      "a bare request",
      { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], maxTokens: 10 },
    ],
    [
      "every field, a long system prompt and a frozen format",
      {
        model: "anthropic/claude-3-5-haiku-latest",
        messages: [
          { role: "system", content: system },
          { role: "user", content: "Text é ✓ \n <b>" },
        ],
        maxTokens: 300,
        temperature: 0,
        topP: 0.5,
        seed: 3,
        responseFormat: format,
      },
    ],
    [
      "an unfrozen format and a long user text",
      {
        model: "openai/gpt-4o-mini",
        messages: [{ role: "user", content: system.repeat(3) }],
        maxTokens: 1,
        responseFormat: { type: "json_schema", name: "x", schema: { z: 1, a: [1, { c: 2, b: 1 }] } },
      },
    ],
  ])("hashes exactly the canonical JSON of %s", (_, request) => {
    expect(requestHash(request)).toBe(reference(request));
    // Again, now from the kept encodings.
    expect(requestHash(request)).toBe(reference(request));
  });

  it("sees a change to an unfrozen format: only frozen encodings are kept", () => {
    const schema: Record<string, unknown> = { type: "object" };
    const request: CacheableRequest = {
      model: "openai/gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      maxTokens: 10,
      responseFormat: { type: "json_schema", name: "x", schema },
    };
    const before = requestHash(request);
    schema.required = ["a"];
    expect(requestHash(request)).not.toBe(before);
    expect(requestHash(request)).toBe(reference(request));
  });
});
