import { describe, expect, it } from "vitest";
import {
  BATCH_LIMITS,
  InvalidRequestError,
  planBatches,
  type BatchRequest,
  type ResolvedModel,
} from "@discernus/gateway";
import { buildChatCompletionBody } from "../../src/providers/openai-chat-body.js";
import { buildMessageParams } from "../../src/providers/anthropic-message-params.js";
import { openAIBatchLine } from "../../src/batch/batch-wire.js";

// A registry stand-in: planning is pure, it needs only what resolve() returns.
const KINDS: Record<string, ResolvedModel["providerKind"]> = {
  openai: "openai",
  anthropic: "anthropic",
  compat: "openai-compatible",
};
const route = (name: string): ResolvedModel => {
  const [provider = "", model = ""] = name.split("/");
  return {
    id: name,
    provider,
    providerKind: KINDS[provider] ?? "openai",
    providerModelId: model,
    price: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    priceSource: { name: "config", version: "test" },
    fallbacks: [],
    simulated: true,
  };
};

const req = (customId: string, model: string, text = `Text ${customId}.`): BatchRequest => ({
  customId,
  model,
  messages: [
    { role: "system", content: "Rate the tone." },
    { role: "user", content: text },
  ],
  maxTokens: 50,
});

const ids = (batch: { items: { customId: string }[] }) => batch.items.map((i) => i.customId);

describe("planBatches", () => {
  it("puts each OpenAI model in its own batch and mixes Anthropic models in one, in order of first appearance", () => {
    const plan = planBatches(
      [
        req("a", "openai/gpt-4o-mini"),
        req("b", "anthropic/claude-3-5-haiku-latest"),
        req("c", "openai/gpt-4o"),
        req("d", "openai/gpt-4o-mini"),
        req("e", "anthropic/claude-sonnet-4-0"),
      ],
      route,
    );
    expect(plan.map((b) => [b.provider, b.model, ids(b)])).toEqual([
      ["openai", "openai/gpt-4o-mini", ["a", "d"]],
      ["anthropic", undefined, ["b", "e"]],
      ["openai", "openai/gpt-4o", ["c"]],
    ]);
    expect(plan[1]?.items.map((i) => i.model.id)).toEqual([
      "anthropic/claude-3-5-haiku-latest",
      "anthropic/claude-sonnet-4-0",
    ]);
  });

  it("builds each item's body with the interactive adapters' builders, on the provider's model id", () => {
    const request = { ...req("x", "openai/gpt-4o-mini"), temperature: 0.2, seed: 3, maxTokens: undefined };
    const [batch] = planBatches([request], route, { defaultMaxTokens: 77 });
    const item = batch!.items[0]!;
    expect(item.call).toMatchObject({ model: "gpt-4o-mini", maxTokens: 77, temperature: 0.2, seed: 3 });
    expect(JSON.parse(openAIBatchLine("x", item.call))).toEqual({
      custom_id: "x",
      method: "POST",
      url: "/v1/chat/completions",
      body: buildChatCompletionBody(item.call, "max_completion_tokens"),
    });
    const [anthropic] = planBatches([req("y", "anthropic/claude-3-5-haiku-latest")], route);
    expect(buildMessageParams(anthropic!.items[0]!.call)).toMatchObject({
      model: "claude-3-5-haiku-latest",
      system: [{ type: "text", text: "Rate the tone." }],
    });
  });

  it("splits a group over the request limit, filling each batch first", () => {
    const requests = Array.from({ length: 7 }, (_, i) => req(`r${i}`, "openai/gpt-4o-mini"));
    const plan = planBatches(requests, route, { limits: { openai: { maxRequests: 3, maxBytes: 1e9 } } });
    expect(plan.map(ids)).toEqual([["r0", "r1", "r2"], ["r3", "r4", "r5"], ["r6"]]);
  });

  it("splits by serialized bytes, counted on the exact JSONL that is uploaded", () => {
    const requests = Array.from({ length: 10 }, (_, i) =>
      req(`r${i}`, "openai/gpt-4o-mini", "x".repeat(100)),
    );
    const [whole] = planBatches(requests, route);
    const jsonl = whole!.items.map((i) => `${openAIBatchLine(i.customId, i.call)}\n`).join("");
    expect(whole!.bytes).toBe(Buffer.byteLength(jsonl));
    const maxBytes = whole!.items[0]!.bytes * 3 + 10; // room for three lines, not four
    const plan = planBatches(requests, route, { limits: { openai: { maxRequests: 50_000, maxBytes } } });
    expect(plan.map((b) => b.items.length)).toEqual([3, 3, 3, 1]);
    for (const b of plan) expect(b.bytes).toBeLessThanOrEqual(maxBytes);
  });

  it("counts Anthropic's create-body envelope against its byte limit", () => {
    const requests = Array.from({ length: 4 }, (_, i) => req(`r${i}`, "anthropic/claude-3-5-haiku-latest"));
    const [whole] = planBatches(requests, route);
    const body = JSON.stringify({
      requests: whole!.items.map((i) => ({ custom_id: i.customId, params: buildMessageParams(i.call) })),
    });
    // Items are counted with a comma each, so the plan's size is the body's plus one byte at most.
    expect(whole!.bytes - Buffer.byteLength(body)).toBe(1);
    const maxBytes = whole!.bytes - 1; // exactly the body: the plan's count is one over
    expect(
      planBatches(requests, route, { limits: { anthropic: { maxRequests: 10, maxBytes } } }),
    ).toHaveLength(2);
  });

  it("keeps to the documented limits by default: 50,000 requests per OpenAI batch", () => {
    expect(BATCH_LIMITS).toEqual({
      openai: { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 },
      anthropic: { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 },
    });
    const requests = Array.from({ length: 50_001 }, (_, i) => req(`r${i}`, "openai/gpt-4o-mini", "Hi."));
    expect(planBatches(requests, route).map((b) => b.items.length)).toEqual([50_000, 1]);
  });

  it("refuses, before anything is sent, what no batch can take", () => {
    const refuse = (requests: BatchRequest[], field: string, message: RegExp) => {
      let error: unknown;
      try {
        planBatches(requests, route, { limits: { openai: { maxRequests: 10, maxBytes: 2_000 } } });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    };
    refuse([req("has space", "openai/gpt-4o-mini")], "requests[0].customId", /1 to 64 letters/);
    refuse(
      [req("a", "openai/gpt-4o-mini"), req("a", "openai/gpt-4o")],
      "requests[1].customId",
      /repeats requests\[0\]/,
    );
    refuse(
      [req("a", "compat/gemini-2.5-flash")],
      "requests[0].model",
      /no Batch API.*Run these requests live/,
    );
    refuse(
      [req("big", "openai/gpt-4o-mini", "y".repeat(3_000))],
      "requests[0]",
      /"big" alone takes \d+ bytes/,
    );
  });
});
