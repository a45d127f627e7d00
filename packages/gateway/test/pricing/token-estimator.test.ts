import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { countTokens, estimateTokens } from "../../src/pricing/token-estimator.js";
import type { ChatMessage, JsonSchemaFormat } from "../../src/types.js";

const reference = new Tiktoken(o200kBase);

/** ~10,000 characters of parliamentary prose with numbers, other scripts and emoji, from a fixed seed. */
function corpusText(chars: number, seed = 7): string {
  const words = (
    "The honourable member's remarks on the economy were, frankly, a disgrace to this House; unemployment " +
    "rose 3.4% in 2023 while inflation fell. Über die Wirtschaft sprechen wir später — 経済について話しましょう 🚀 " +
    "Mr Speaker, I give way. Hear, hear! (Interruption.) <|endoftext|> 1,250,000 tonnes of steel"
  ).split(" ");
  let text = "";
  while (text.length < chars) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += `${words[seed % words.length]}${seed % 11 === 0 ? ".\n\n" : " "}`;
  }
  return text.slice(0, chars);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe("countTokens", () => {
  it("counts exactly what js-tiktoken's o200k_base encoder gives, special-token text included", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const text = corpusText(3_000, seed);
      expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
    }
    expect(countTokens("")).toBe(0);
    expect(countTokens("Hello, world!")).toBe(4);
  });

  it("counts a 10k-character text several times faster than encode() once its words are known (figures printed)", () => {
    countTokens("warm up the encoder");
    const text = corpusText(10_000);
    const t0 = performance.now();
    const tokens = countTokens(text);
    const firstMs = performance.now() - t0;
    const warm: number[] = [];
    const library: number[] = [];
    for (let i = 0; i < 30; i++) {
      let s = performance.now();
      countTokens(text);
      warm.push(performance.now() - s);
      s = performance.now();
      reference.encode(text, [], []);
      library.push(performance.now() - s);
    }
    console.log(
      `countTokens, 10,000 chars (${tokens} tokens): first ${firstMs.toFixed(2)} ms, warm median ${median(warm).toFixed(3)} ms; ` +
        `js-tiktoken encode() median ${median(library).toFixed(3)} ms`,
    );
    expect(tokens).toBe(reference.encode(text, [], []).length);
    // A loose bound, so a slow CI machine does not fail it; the figures above are what matter.
    expect(median(warm)).toBeLessThan(20);
  });
});

describe("estimateTokens", () => {
  const messages: ChatMessage[] = [
    { role: "system", content: "You rate the tone of political speeches." },
    { role: "user", content: "<text>We will fight on the beaches.</text>" },
  ];
  const framed = 3 + messages.reduce((n, m) => n + 3 + countTokens(m.role) + countTokens(m.content), 0);
  const format: JsonSchemaFormat = {
    type: "json_schema",
    name: "tone",
    description: "Tone of the speech",
    schema: {
      type: "object",
      properties: { score: { type: "number", minimum: -1, maximum: 1 } },
      required: ["score"],
    },
  };

  it("counts OpenAI requests with OpenAI's documented framing: 3 per message, its role, 3 to prime the reply", () => {
    expect(estimateTokens(messages, { provider: "openai" })).toBe(framed);
    expect(estimateTokens([{ role: "user", content: "Hello" }], { provider: "openai" })).toBe(3 + 3 + 1 + 1);
  });

  it("adds the structured-output schema's tokens", () => {
    const schemaTokens =
      countTokens("tone") + countTokens("Tone of the speech") + countTokens(JSON.stringify(format.schema));
    expect(estimateTokens(messages, { provider: "openai", responseFormat: format })).toBe(
      framed + schemaTokens,
    );
  });

  it("leans 20% high for other tokenizers, and adds Anthropic's forced-tool prompt for a schema", () => {
    expect(estimateTokens(messages, { provider: "anthropic" })).toBe(Math.ceil(framed * 1.2));
    expect(estimateTokens(messages, { provider: "openai-compatible" })).toBe(Math.ceil(framed * 1.2));
    const withSchema = estimateTokens(messages, { provider: "openai", responseFormat: format });
    expect(estimateTokens(messages, { provider: "anthropic", responseFormat: format })).toBe(
      Math.ceil((withSchema + 340) * 1.2),
    );
  });

  it("counts local instruments exactly: their usage is counted with the same encoder", () => {
    expect(estimateTokens(messages, { provider: "local" })).toBe(framed);
  });
});
