import { describe, expect, it } from "vitest";
import { validateFramework } from "../../src/framework/index.js";
import { AnswerInvalidError, parseAnswer } from "../../src/prompt/index.js";
import { sampleFramework } from "../framework/framework-fixture.js";

const framework = validateFramework(sampleFramework());
const good = {
  scores: {
    anti_elitism: { score: 2, evidence: "a corrupt elite" },
    tone: { score: "heated" },
    valence: { score: -0.6, evidence: "betrayed" },
  },
};

function problemsOf(answer: unknown): readonly string[] {
  try {
    parseAnswer(framework, answer);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerInvalidError);
    expect((error as AnswerInvalidError).code).toBe("malformed_response");
    return (error as AnswerInvalidError).problems;
  }
  throw new Error("expected parseAnswer to throw");
}

describe("parseAnswer", () => {
  it("returns typed scores, with labels ranked for statistics", () => {
    expect(parseAnswer(framework, good)).toEqual({
      scores: {
        anti_elitism: { score: 2, value: 2, evidence: "a corrupt elite" },
        tone: { score: "heated", value: 2 },
        valence: { score: -0.6, value: -0.6, evidence: "betrayed" },
      },
    });
  });

  it("reads an answer given as text, bare or in a ```json fence", () => {
    expect(parseAnswer(framework, JSON.stringify(good))).toEqual(parseAnswer(framework, good));
    expect(parseAnswer(framework, `Here it is:\n\`\`\`json\n${JSON.stringify(good)}\n\`\`\``)).toEqual(
      parseAnswer(framework, good),
    );
  });

  it("ignores fields the framework does not know", () => {
    const extra = { ...good, reasoning: "...", scores: { ...good.scores, salience: { score: 1 } } };
    expect(parseAnswer(framework, extra).scores).toEqual(parseAnswer(framework, good).scores);
  });

  it("reports every problem of a wrong answer, each with its path", () => {
    const problems = problemsOf({
      scores: {
        anti_elitsm: { score: 1, evidence: "x" },
        tone: { score: "furious" },
        valence: { score: 1.5, evidence: 3 },
      },
    });
    expect(problems).toEqual([
      'scores.anti_elitism: missing (the answer has "anti_elitsm" instead; use the id exactly).',
      'scores.tone.score: "furious" is not a label of this scale; use one of "calm", "moderate", "heated".',
      "scores.valence.score: 1.5 is above the scale's maximum 1.",
      'scores.valence.evidence: must be a quotation as text ("" if none), got number 3.',
    ]);
  });

  it("refuses scores off the steps, of the wrong type, or missing", () => {
    expect(
      problemsOf({
        scores: {
          anti_elitism: { score: 1.5, evidence: "" },
          tone: { score: 2 },
          valence: { evidence: "" },
        },
      }),
    ).toEqual([
      "scores.anti_elitism.score: 1.5 is not on the scale's steps of 1 from 0.",
      'scores.tone.score: must be one of the labels "calm", "moderate", "heated", got number 2.',
      "scores.valence.score: must be a number from -1 to 1, got nothing.",
    ]);
  });

  it("says how an answer should look when it is not JSON or has no scores", () => {
    expect(problemsOf("I think the text is quite populist.")).toEqual([
      "(answer): is not JSON (35 characters); answer with the JSON object only.",
    ]);
    expect(problemsOf({ anti_elitism: { score: 1 } })[0]).toMatch(/^scores: missing; answer \{ "scores": /);
  });

  it("lists every problem in the error message", () => {
    const error = (() => {
      try {
        parseAnswer(framework, { scores: {} });
      } catch (e) {
        return e as AnswerInvalidError;
      }
    })()!;
    expect(error.message).toBe(
      [
        'The answer does not fit the framework "Sample" (3 problems):',
        "  - scores.anti_elitism: missing.",
        "  - scores.tone: missing.",
        "  - scores.valence: missing.",
      ].join("\n"),
    );
    expect(error.answer).toEqual({ scores: {} });
  });
});
