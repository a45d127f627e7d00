import { describe, expect, it } from "vitest";
import { FrameworkInvalidError, validateFramework } from "../../src/framework/index.js";
import { sampleFramework } from "./framework-fixture.js";

type Json = Record<string, unknown>;
const dims = (f: Json) => f.dimensions as Json[];

function invalid(value: unknown, source = "study/populism.json"): FrameworkInvalidError {
  try {
    validateFramework(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(FrameworkInvalidError);
    return error as FrameworkInvalidError;
  }
  throw new Error("expected validateFramework to throw");
}

describe("validateFramework", () => {
  it("returns a typed framework with defaults filled and anchor keys normalised", () => {
    const raw = sampleFramework();
    dims(raw)[0]!.anchors = { "2.0": "central", "0": "absent", "1.0": "present" };
    const framework = validateFramework(raw);
    expect(framework.dimensions.map((d) => d.id)).toEqual(["anti_elitism", "tone", "valence"]);
    expect(framework.dimensions[0]!.anchors).toEqual({ "0": "absent", "1": "present", "2": "central" });
    expect(framework.dimensions[0]!.evidence).toBe(true);
    expect(framework.dimensions[1]!.evidence).toBe(false);
    expect(framework.dimensions[1]!.scale).toEqual(["calm", "moderate", "heated"]);
  });

  it("names the file, the field path and the fix for a misspelt key, with a did-you-mean", () => {
    const raw = sampleFramework();
    const d = dims(raw)[2]!;
    d.defintion = d.definition;
    delete d.definition;
    const error = invalid(raw);
    expect(error.code).toBe("framework_invalid");
    expect(error.source).toBe("study/populism.json");
    expect(error.issues).toHaveLength(1);
    expect(error.field).toBe("dimensions[2].defintion");
    expect(error.message).toContain("study/populism.json");
    expect(error.message).toContain('dimensions[2].defintion: unknown field; did you mean "definition"?');
  });

  it("reports every problem in one error, each with its path and fix", () => {
    const raw = sampleFramework();
    delete raw.discernus_framework;
    raw.version = 1;
    raw.descripton = raw.description;
    delete raw.description;
    const [a, b, c] = dims(raw) as [Json, Json, Json];
    a.id = "Anti-Elitism";
    a.anchor = a.anchors;
    delete a.anchors;
    b.anchors = { calm: "no heat", moderat: "some heat", heated: "outrage" };
    c.scale = { min: -1, mx: 1 };
    c.evidence = "yes";
    c.anchors = { "-1": "very negative", "0": "neutral" };
    const error = invalid(raw);
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
    expect(byPath["discernus_framework"]).toMatch(/missing; add "discernus_framework": 1/);
    expect(byPath["version"]).toMatch(/must be text in quotes, got number 1/);
    expect(byPath["descripton"]).toMatch(/did you mean "description"/);
    expect(byPath["dimensions[0].id"]).toMatch(/"Anti-Elitism" is not a snake_case id .* use "anti_elitism"/);
    expect(byPath["dimensions[0].anchor"]).toMatch(/did you mean "anchors"/);
    expect(byPath['dimensions[1].anchors["moderat"]']).toMatch(/did you mean "moderate"/);
    expect(byPath["dimensions[2].scale.mx"]).toMatch(/did you mean "max"/);
    expect(byPath["dimensions[2].evidence"]).toMatch(/must be true or false/);
    // One typo gives one message: no separate "missing" reports for description, anchors or max.
    expect(error.issues).toHaveLength(8);
    for (const issue of error.issues) expect(error.message).toContain(`  - ${issue.path}: ${issue.message}`);
  });

  it("asks for an anchor at each end of the scale", () => {
    const raw = sampleFramework();
    dims(raw)[2]!.anchors = { "-1": "very negative", "0": "neutral" };
    const error = invalid(raw);
    expect(error.issues).toEqual([
      {
        path: "dimensions[2].anchors",
        message: 'needs an anchor at each end of the scale; add "1": "<what a score of 1 looks like>".',
      },
    ]);
  });

  it("refuses anchors off the scale and steps that do not reach max", () => {
    const raw = sampleFramework();
    dims(raw)[0]!.anchors = { "0": "absent", "1.5": "half", "2": "central", "3": "beyond" };
    dims(raw)[2]!.scale = { min: -1, max: 1, step: 0.3 };
    const paths = invalid(raw).issues.map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual([
      'dimensions[0].anchors["3"]: 3 is above the scale\'s maximum 2; anchor a score on the scale.',
      'dimensions[0].anchors["1.5"]: 1.5 is not on the scale\'s steps of 1 from 0; anchor a score on the scale.',
      "dimensions[2].scale.step: steps of 0.3 from -1 do not reach max 1; choose a step that divides 2.",
    ]);
  });

  it("refuses duplicate ids, an empty dimension list and another format version", () => {
    const raw = sampleFramework();
    dims(raw)[2]!.id = "anti_elitism";
    expect(invalid(raw).issues[0]).toEqual({
      path: "dimensions[2].id",
      message: '"anti_elitism" is already the id of dimensions[0]; ids must be unique.',
    });
    expect(invalid({ ...sampleFramework(), dimensions: [] }).issues[0]!.path).toBe("dimensions");
    expect(invalid({ ...sampleFramework(), discernus_framework: 2 }).issues[0]!.message).toMatch(
      /reads format 1; write "discernus_framework": 1/,
    );
  });

  it("explains a label scale and a lexicon of the wrong shape", () => {
    const raw = sampleFramework();
    dims(raw)[1]!.scale = ["calm"];
    dims(raw)[0]!.lexicon = { postive: ["the establishment"] };
    const byPath = Object.fromEntries(invalid(raw).issues.map((i) => [i.path, i.message]));
    expect(byPath["dimensions[1].scale"]).toMatch(/at least two labels, lowest first/);
    expect(byPath["dimensions[0].lexicon.postive"]).toMatch(/did you mean "positive"/);
  });

  it("says what a framework looks like when given something else", () => {
    expect(invalid([1, 2]).message).toMatch(/must be a JSON object with "discernus_framework": 1/);
  });
});
