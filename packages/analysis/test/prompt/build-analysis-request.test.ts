import { fileURLToPath } from "node:url";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { requestHash } from "@discernus/gateway";
// The gateway's own checks, run on our request (not exported: reached by path, for this test only).
import { validateRequest } from "../../../gateway/src/call/validate-request.js";
import { scoredText } from "../../../gateway/src/providers/local-scored-text.js";
import { loadFramework, validateFramework, type Framework } from "../../src/framework/index.js";
import { ANSWER_FORMAT_NAME, buildAnalysisRequest, buildSystemPrompt } from "../../src/prompt/index.js";
import { sampleFramework } from "../framework/framework-fixture.js";
import { strictSchemaProblems } from "./strict-schema.js";

const notebooks = (name: string) =>
  fileURLToPath(new URL(`../../../../notebooks/frameworks/${name}`, import.meta.url));
const TEXT = "The people have been betrayed by a corrupt elite. We will take our country back!";

async function frameworks(): Promise<[string, Framework][]> {
  return [
    ["sample", validateFramework(sampleFramework())],
    ["populism-pluralism", await loadFramework(notebooks("populism-pluralism.json"))],
    ["affect", await loadFramework(notebooks("affect.json"))],
  ];
}

describe("buildAnalysisRequest", () => {
  it("builds requests the gateway accepts, with a schema inside OpenAI strict mode and Anthropic tool limits", async () => {
    for (const [, framework] of await frameworks()) {
      const request = buildAnalysisRequest(framework, TEXT, { model: "openai/gpt-4o-mini" });
      expect(() => validateRequest(request)).not.toThrow();
      expect(request.responseFormat?.name).toBe(ANSWER_FORMAT_NAME);
      expect(strictSchemaProblems(request.responseFormat!.schema)).toEqual([]);
      const scores = (request.responseFormat!.schema.properties as Record<string, Record<string, unknown>>)
        .scores!;
      expect(scores.required).toEqual(framework.dimensions.map((d) => d.id));
    }
  });

  it("maps each scale to its schema: integer steps, bounded numbers, labels as an enum, evidence only where asked", async () => {
    const framework = validateFramework(sampleFramework());
    const schema = buildAnalysisRequest(framework, TEXT, { model: "m/x" }).responseFormat!.schema;
    const scores = (
      schema.properties as Record<string, { properties: Record<string, { properties: unknown }> }>
    ).scores!.properties;
    expect(scores.anti_elitism!.properties).toEqual({
      score: {
        type: "integer",
        minimum: 0,
        maximum: 2,
        description: "Anti-elitism: a whole number from 0 to 2.",
      },
      evidence: {
        type: "string",
        description: "A short verbatim quotation from the text supporting the score; empty if there is none.",
      },
    });
    expect(scores.tone!.properties).toEqual({
      score: {
        type: "string",
        enum: ["calm", "moderate", "heated"],
        description: 'Tone: one of "calm", "moderate", "heated" (ordered from lowest to highest).',
      },
    });
    expect(scores.valence!.properties).toMatchObject({ score: { type: "number", minimum: -1, maximum: 1 } });
  });

  it("puts the text in a user message between <text> tags, which local instruments score alone", () => {
    const framework = validateFramework(sampleFramework());
    const request = buildAnalysisRequest(framework, TEXT, { model: "local/vader" });
    expect(request.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(scoredText(request.messages)).toBe(`\n${TEXT}\n`);
    expect(request.cacheSystemPrompt).toBe(true);
  });

  it("defaults temperature to 0, sizes maxTokens to the framework, and sends a seed only when given", () => {
    const framework = validateFramework(sampleFramework());
    const plain = buildAnalysisRequest(framework, TEXT, { model: "m/x" });
    expect(plain.temperature).toBe(0);
    expect(plain.maxTokens).toBe(256 + 128 + 32 + 128);
    expect("seed" in plain).toBe(false);
    const seeded = buildAnalysisRequest(framework, TEXT, {
      model: "m/x",
      seed: 7,
      temperature: 0.7,
      maxTokens: 900,
    });
    expect([seeded.seed, seeded.temperature, seeded.maxTokens]).toEqual([7, 0.7, 900]);
  });

  it("gives byte-equal prompts and one cache key for equal frameworks, whatever their key order", async () => {
    const text = await readFile(notebooks("populism-pluralism.json"), "utf8");
    const reversed = JSON.parse(text, (_key, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as unknown;
    const a = validateFramework(JSON.parse(text));
    const b = validateFramework(reversed);
    const ra = buildAnalysisRequest(a, TEXT, { model: "openai/gpt-4o-mini" });
    const rb = buildAnalysisRequest(b, TEXT, { model: "openai/gpt-4o-mini" });
    expect(rb.messages).toEqual(ra.messages);
    const key = (r: typeof ra) => requestHash({ ...r, maxTokens: r.maxTokens! });
    expect(key(rb)).toBe(key(ra));
    // A different text changes the user message only.
    const other = buildAnalysisRequest(a, "Another text.", { model: "openai/gpt-4o-mini" });
    expect(other.messages[0]).toEqual(ra.messages[0]);
    expect(key(other)).not.toBe(key(ra));
  });
});

describe("buildSystemPrompt", () => {
  it("states each dimension's definition, scale and anchors from the lowest score up", async () => {
    const affect = await loadFramework(notebooks("affect.json"));
    const prompt = buildSystemPrompt(affect);
    expect(prompt).toContain(affect.instructions);
    for (const d of affect.dimensions) {
      expect(prompt).toContain(`## ${d.name} (id: ${d.id})`);
      expect(prompt).toContain(`Definition: ${d.definition}`);
    }
    expect(prompt).toContain("Score: a number from -1 to 1 (decimals allowed).");
    const anchors = ["- -1:", "- -0.5:", "- 0:", "- 0.5:", "- 1:"].map((a) => prompt.indexOf(a));
    expect(anchors.every((at, i) => at > 0 && (i === 0 || at > anchors[i - 1]!))).toBe(true);
    expect(prompt.indexOf("- very low:")).toBeLessThan(prompt.indexOf("- very high:"));
  });
});
