import Anthropic from "@anthropic-ai/sdk";
import { Ajv } from "ajv";
import OpenAI from "openai";
import type { SimServer } from "../src/index.js";

/** The official clients pointed at the simulator: only the base URL and a dummy key differ. */
export const openaiClient = (
  sim: SimServer,
  options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {},
) => new OpenAI({ baseURL: sim.openaiBaseUrl, apiKey: "sk-sim-test-0000", maxRetries: 0, ...options });

export const anthropicClient = (
  sim: SimServer,
  options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {},
) => new Anthropic({ baseURL: sim.anthropicBaseUrl, apiKey: "sk-ant-sim-test", maxRetries: 0, ...options });

/** Validation errors of a value against a JSON schema (ajv, strict JSON Schema semantics). */
export function schemaErrors(schema: object, value: unknown): string[] {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map(
        (e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`,
      );
}

/** A framework-like schema: numeric scales, an ordinal enum, integers, quotes, nesting. */
export const TONE_SCHEMA = {
  type: "object",
  properties: {
    score: { type: "number", minimum: -1, maximum: 1 },
    label: { type: "string", enum: ["negative", "neutral", "positive"] },
    level: { type: "integer", minimum: 1, maximum: 5 },
    hopeful: { type: "boolean" },
    quotes: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
    dimensions: {
      type: "object",
      properties: {
        unity: { type: "number", minimum: 0, maximum: 10 },
        threat: { type: "number", minimum: 0, maximum: 10 },
      },
      required: ["unity", "threat"],
      additionalProperties: false,
    },
  },
  required: ["score", "label", "level", "hopeful", "quotes", "dimensions"],
  additionalProperties: false,
} as const;
