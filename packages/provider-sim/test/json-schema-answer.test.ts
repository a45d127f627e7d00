import { describe, expect, it } from "vitest";
import { answerForSchema } from "../src/json-schema-answer.js";
import { mulberry32 } from "../src/prng.js";
import { schemaErrors } from "./sdk-clients.js";

// Schemas as frameworks and SDK helpers (zod's JSON schema output) write them.
const SCHEMAS: Record<string, object> = {
  bounds: {
    type: "object",
    properties: {
      open: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      openInt: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 3 },
      minOnly: { type: "number", minimum: 5 },
      maxOnly: { type: "integer", maximum: -3 },
      free: { type: "number" },
    },
    required: ["open", "openInt", "minOnly", "maxOnly", "free"],
    additionalProperties: false,
  },
  nested: {
    type: "object",
    properties: {
      items: {
        type: "array",
        minItems: 2,
        maxItems: 4,
        items: {
          type: "object",
          properties: {
            name: { type: "string", maxLength: 12 },
            ok: { type: "boolean" },
            tag: { const: "x" },
          },
          required: ["name", "ok", "tag"],
          additionalProperties: false,
        },
      },
      note: { type: ["string", "null"], minLength: 30 },
    },
    required: ["items", "note"],
    additionalProperties: false,
  },
  refsAndUnions: {
    type: "object",
    $defs: {
      level: { type: "integer", minimum: 1, maximum: 7 },
      stance: { enum: ["for", "against", "mixed"] },
    },
    properties: {
      level: { $ref: "#/$defs/level" },
      stance: { $ref: "#/$defs/stance" },
      maybe: { anyOf: [{ type: "null" }, { type: "number", minimum: 10, maximum: 20 }] },
      list: { type: "array", items: { $ref: "#/$defs/level" }, maxItems: 0 },
    },
    required: ["level", "stance", "maybe", "list"],
    additionalProperties: false,
  },
};

describe("answerForSchema", () => {
  it.each(Object.entries(SCHEMAS))(
    "produces values valid against the %s schema for any score",
    (_, schema) => {
      for (const score of [0, 0.001, 0.37, 0.5, 0.999, 1]) {
        const random = mulberry32(Math.round(score * 1000));
        const value = answerForSchema(schema as Record<string, unknown>, {
          score: () => score,
          random,
          quote: () => "a quote",
        });
        expect(schemaErrors(schema, value), JSON.stringify(value)).toEqual([]);
      }
    },
  );

  it("maps the score onto the field's range and reads an enum as an ordinal scale", () => {
    const schema = {
      type: "object",
      properties: { x: { type: "number", minimum: -1, maximum: 1 }, e: { enum: ["low", "mid", "high"] } },
    };
    const at = (score: number) =>
      answerForSchema(schema, { score: () => score, random: Math.random, quote: () => "" });
    expect(at(0)).toEqual({ x: -1, e: "low" });
    expect(at(0.5)).toEqual({ x: 0, e: "mid" });
    expect(at(1)).toEqual({ x: 1, e: "high" });
  });
});
