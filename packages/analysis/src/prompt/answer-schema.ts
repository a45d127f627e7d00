import type { Dimension, Framework } from "../framework/framework.js";
import { isIntegerScale, isLabelScale, isOnStep } from "../framework/scale.js";
import { describeScale } from "./describe-scale.js";

/**
 * The JSON Schema of an answer: `{ scores: { <id>: { score, evidence } } }`. It stays inside what
 * both OpenAI strict structured outputs and Anthropic tool input_schema accept: every object has
 * all its properties required and `additionalProperties: false` (strict mode demands both), no
 * `$ref`, no top-level combinators, numbers bounded by minimum/maximum, labels as an enum.
 */
export function answerSchema(framework: Framework): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const d of framework.dimensions) properties[d.id] = dimensionSchema(d);
  return {
    type: "object",
    properties: {
      scores: {
        type: "object",
        description: `One entry per dimension of the framework "${framework.name}".`,
        properties,
        required: framework.dimensions.map((d) => d.id),
        additionalProperties: false,
      },
    },
    required: ["scores"],
    additionalProperties: false,
  };
}

function dimensionSchema(d: Dimension): Record<string, unknown> {
  const properties: Record<string, unknown> = { score: scoreSchema(d) };
  if (d.evidence) {
    properties.evidence = {
      type: "string",
      description: "A short verbatim quotation from the text supporting the score; empty if there is none.",
    };
  }
  return {
    type: "object",
    description: d.name,
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

function scoreSchema(d: Dimension): Record<string, unknown> {
  const description = `${d.name}: ${describeScale(d.scale)}.`;
  const scale = d.scale;
  if (isLabelScale(scale)) return { type: "string", enum: [...scale], description };
  const schema: Record<string, unknown> = {
    type: isIntegerScale(scale) ? "integer" : "number",
    minimum: scale.min,
    maximum: scale.max,
    description,
  };
  // multipleOf only where the steps are multiples of the step (min on the grid) and the type does
  // not already say it; parseAnswer checks the steps either way.
  if (
    scale.step !== undefined &&
    !(isIntegerScale(scale) && scale.step === 1) &&
    isOnStep(0, scale.step, scale.min)
  ) {
    schema.multipleOf = scale.step;
  }
  return schema;
}
