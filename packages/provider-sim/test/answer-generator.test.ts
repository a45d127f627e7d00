import { describe, expect, it } from "vitest";
import { generateAnswer, type AnswerRequest } from "../src/answer-generator.js";
import { startSimulator } from "../src/index.js";
import { countTokens } from "@discernus/tokenizer";
import { openaiClient, schemaErrors } from "./sdk-clients.js";

const SCORE_SCHEMA = {
  type: "object",
  properties: {
    score: { type: "number", minimum: -1, maximum: 1 },
    warmth: { type: "integer", minimum: 0, maximum: 100 },
  },
  required: ["score", "warmth"],
  additionalProperties: false,
};
const TEXTS = Array.from(
  { length: 60 },
  (_, i) => `Speech ${i}: the nation faces trial ${i * 7} with resolve.`,
);

function scores(model: string, noise: number, seed = 1) {
  return TEXTS.map((text) => {
    const request: AnswerRequest = {
      seed,
      model,
      requestKey: `${model}|${text}`,
      text,
      noise,
      maxTokens: 500,
      answerTokens: 60,
      schema: SCORE_SCHEMA,
    };
    return generateAnswer(request).json as { score: number; warmth: number };
  });
}

const meanAbsoluteDifference = (a: number[], b: number[]) =>
  a.reduce((sum, x, i) => sum + Math.abs(x - (b[i] ?? 0)), 0) / a.length;

describe("answers", () => {
  it("gives the same answer to the same request for a seed, across simulator instances", async () => {
    const ask = async (seed: number) => {
      const sim = await startSimulator({ seed });
      const r = await openaiClient(sim).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "We choose to go to the moon." }],
        max_completion_tokens: 100,
      });
      await sim.close();
      return r.choices[0]?.message.content;
    };
    const [a, b, c] = [await ask(1), await ask(1), await ask(2)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("writes plausible sentences of about answerTokens tokens, cut at max_tokens", () => {
    const base = {
      seed: 1,
      model: "m",
      requestKey: "k",
      text: "Ask not what your country can do for you.",
      noise: 0.2,
      answerTokens: 80,
    };
    const answer = generateAnswer({ ...base, maxTokens: 1000 });
    expect(answer.truncated).toBe(false);
    expect(answer.outputTokens).toBe(countTokens(answer.text));
    expect(answer.outputTokens).toBeGreaterThan(80 * 0.6);
    expect(answer.outputTokens).toBeLessThan(80 * 1.6);
    expect(answer.text).toMatch(/^[A-Z"].*[.!?]$/);
    const cut = generateAnswer({ ...base, maxTokens: 10 });
    expect(cut).toMatchObject({ truncated: true, outputTokens: 10 });
  });

  it("derives numbers from the text's true score: noise 0 makes models agree exactly, texts differ", () => {
    const a = scores("model-a", 0);
    const b = scores("model-b", 0);
    expect(a).toEqual(b);
    expect(new Set(a.map((x) => x.score)).size).toBeGreaterThan(40);
    // Separate fields carry separate true scores: the study's dimensions are not all one number.
    expect(a.filter((x) => Math.abs((x.score + 1) / 2 - x.warmth / 100) > 0.1).length).toBeGreaterThan(20);
  });

  it("makes models agree less as their noise grows", () => {
    const truth = scores("truth", 0).map((x) => x.score);
    const close = scores("close", 0.05).map((x) => x.score);
    const loose = scores("loose", 0.5).map((x) => x.score);
    expect(meanAbsoluteDifference(truth, close)).toBeLessThan(0.06);
    expect(meanAbsoluteDifference(truth, loose)).toBeGreaterThan(3 * meanAbsoluteDifference(truth, close));
    for (const answer of scores("loose", 1)) expect(schemaErrors(SCORE_SCHEMA, answer)).toEqual([]);
  });

  it("quotes the text's own words in string fields", () => {
    const text = "Liberty and union, now and forever, one and inseparable.";
    const answer = generateAnswer({
      seed: 1,
      model: "m",
      requestKey: "k",
      text,
      noise: 0,
      maxTokens: 200,
      answerTokens: 60,
      schema: { type: "object", properties: { evidence: { type: "string" } }, required: ["evidence"] },
    });
    const quoted = /"([^"]+)"/.exec((answer.json as { evidence: string }).evidence)?.[1] ?? "";
    expect(quoted.length).toBeGreaterThan(0);
    for (const word of quoted.split(" ")) expect(text).toContain(word);
  });

  it("puts a model's configured markup before its quotes, in structured and free-text answers alike", () => {
    const markup = '<img src=x onerror="window.__pwned=1">';
    const request = {
      seed: 1,
      model: "m",
      requestKey: "k",
      text: "Liberty and union, now and forever.",
      noise: 0,
      maxTokens: 400,
      answerTokens: 60,
      markup,
    };
    const structured = generateAnswer({
      ...request,
      schema: { type: "object", properties: { evidence: { type: "string" } }, required: ["evidence"] },
    });
    expect((structured.json as { evidence: string }).evidence).toContain(`${markup} `);
    expect(JSON.parse(structured.text)).toEqual(structured.json);
    // Free text: some sentences quote, so over a few requests the markup appears.
    const free = ["a", "b", "c", "d", "e"].map((k) => generateAnswer({ ...request, requestKey: k }).text);
    expect(free.some((t) => t.includes(markup))).toBe(true);
  });

  it("serves a model's new revision with different answers, leaving the other models' answers as they were", async () => {
    const ask = async (revision: number | undefined) => {
      const sim = await startSimulator({
        models: [
          {
            id: "gpt-4o-mini",
            provider: "openai",
            contextWindow: 128_000,
            ...(revision === undefined ? {} : { revision }),
          },
          { id: "gpt-4o", provider: "openai", contextWindow: 128_000 },
        ],
      });
      const client = openaiClient(sim);
      const answers = [];
      for (const model of ["gpt-4o-mini", "gpt-4o"])
        for (const text of TEXTS.slice(0, 10)) {
          const r = await client.chat.completions.create({
            model,
            messages: [{ role: "user", content: text }],
            max_completion_tokens: 200,
            response_format: {
              type: "json_schema",
              json_schema: { name: "scores", schema: SCORE_SCHEMA, strict: true },
            },
          });
          answers.push(r.choices[0]?.message.content);
        }
      await sim.close();
      return { mini: answers.slice(0, 10), other: answers.slice(10) };
    };
    const [original, revision0, revision1, again] = [
      await ask(undefined),
      await ask(0),
      await ask(1),
      await ask(1),
    ];
    expect(revision0).toEqual(original);
    expect(again).toEqual(revision1);
    expect(revision1.other).toEqual(original.other);
    expect(revision1.mini.filter((a, i) => a !== original.mini[i]).length).toBe(10);
  });
});
