import { describe, expect, it } from "vitest";
import { AbortedError, UnknownModelError } from "../../src/errors.js";
import { countTokens } from "../../src/pricing/count-tokens.js";
import { createLocalAdapter } from "../../src/providers/local-adapter.js";
import { createAfinnAdapter } from "../../src/providers/local-afinn.js";
import { scoredText } from "../../src/providers/local-scored-text.js";
import { createVaderAdapter } from "../../src/providers/local-vader.js";
import type { AdapterCall } from "../../src/providers/provider-adapter.js";
import type { ChatMessage } from "../../src/types.js";

const call = (model: string, content: string, extra: Partial<AdapterCall> = {}): AdapterCall => ({
  model,
  messages: [
    { role: "system", content: "You rate the tone of political speeches." },
    { role: "user", content },
  ],
  maxTokens: 64,
  stream: false,
  timeoutMs: 1_000,
  signal: new AbortController().signal,
  ...extra,
});

const local = createLocalAdapter();

describe("local/vader", () => {
  // Values the vader-sentiment 1.1.3 port returns, computed once. "VADER is smart, handsome, and
  // funny!" is the first example of the reference implementation's README, where compound is 0.8439.
  it.each([
    ["The food was good.", { compound: 0.4404, pos: 0.492, neu: 0.508, neg: 0 }],
    ["I hate this.", { compound: -0.5719, pos: 0, neu: 0.213, neg: 0.787 }],
    ["VADER is smart, handsome, and funny!", { compound: 0.8439, pos: 0.752, neu: 0.248, neg: 0 }],
    ["The book was kind of good.", { compound: 0.3832, pos: 0.343, neu: 0.657, neg: 0 }],
  ])("scores %j as VADER does, with score = compound", async (text, expected) => {
    const result = await local.send(call("vader", text));
    expect(result.json).toEqual({ score: expected.compound, ...expected });
    expect(JSON.parse(result.text)).toEqual(result.json);
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: countTokens(text),
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe("local/afinn", () => {
  // AFINN-165 rates "good" +3 and "hate" -3; the sentiment package divides the sum by the tokens.
  it("scores 'The food was good.': sum 3 over 4 tokens, comparative 0.75, score 0.15", async () => {
    const result = await local.send(call("afinn", "The food was good."));
    expect(result.json).toEqual({
      score: 0.15,
      normalized: 0.15,
      sum: 3,
      comparative: 0.75,
      tokens: 4,
      ratedWords: 1,
    });
  });

  it("scores 'I hate this.': sum -3 over 3 tokens, comparative -1, score -0.2", async () => {
    const result = await local.send(call("afinn", "I hate this."));
    expect(result.json).toEqual({
      score: -0.2,
      normalized: -0.2,
      sum: -3,
      comparative: -1,
      tokens: 3,
      ratedWords: 1,
    });
    expect(result.usage.inputTokens).toBe(countTokens("I hate this."));
  });

  it("reaches the ends of -1..1 only with the strongest words", async () => {
    // AFINN-165 rates "outstanding" and "superb" +5, "catastrophic" and "fraud" -4.
    const best = (await local.send(call("afinn", "outstanding superb"))).json as {
      score: number;
      comparative: number;
    };
    const worst = (await local.send(call("afinn", "catastrophic fraud"))).json as {
      score: number;
      comparative: number;
    };
    expect([best.comparative, best.score]).toEqual([5, 1]);
    expect([worst.comparative, worst.score]).toEqual([-4, -0.8]);
  });
});

describe("the local adapter", () => {
  it("scores only the <text> block of the last user message when there is one", async () => {
    const wrapped =
      "Rate the tone. Words like hate or love in these instructions must not count.\n<text>The food was good.</text>";
    const inside = await local.send(call("vader", wrapped));
    const bare = await local.send(call("vader", "The food was good."));
    expect(inside.json).toEqual(bare.json);
    expect(inside.usage.inputTokens).toBe(countTokens("The food was good."));
    const messages: ChatMessage[] = [
      { role: "user", content: "<text>first</text>" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "second, no block" },
    ];
    expect(scoredText(messages)).toBe("second, no block");
  });

  it("answers with its own fields when a schema asks for others", async () => {
    const result = await local.send(
      call("vader", "I hate this.", {
        responseFormat: {
          type: "json_schema",
          name: "populism",
          schema: {
            type: "object",
            properties: { populism: { type: "number" }, evidence: { type: "string" } },
            required: ["populism", "evidence"],
          },
        },
      }),
    );
    expect(Object.keys(result.json as object).sort()).toEqual(["compound", "neg", "neu", "pos", "score"]);
  });

  it("throws AbortedError when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      local.send(call("afinn", "I hate this.", { signal: controller.signal })),
    ).rejects.toBeInstanceOf(AbortedError);
  });

  it("refuses a model it does not have, listing those it has", async () => {
    const err = await local.send(call("textblob", "x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownModelError);
    expect((err as Error).message).toContain("local/vader, local/afinn");
    await expect(createVaderAdapter().send(call("afinn", "x"))).rejects.toBeInstanceOf(UnknownModelError);
  });

  it("is the keyless 'local' provider, as are the single-instrument adapters", () => {
    expect([local.provider, createVaderAdapter().provider, createAfinnAdapter().provider]).toEqual([
      "local",
      "local",
      "local",
    ]);
  });
});
