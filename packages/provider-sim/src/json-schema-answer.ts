/**
 * A value valid against a JSON Schema (the subset structured outputs use: object, properties,
 * required, additionalProperties, array, items, string, number, integer, boolean, enum, const,
 * minimum/maximum, minItems/maxItems, anyOf). Numbers come from `score` (0..1, the text's synthetic
 * true score with this model's noise), so models answer alike but not identically; strings quote
 * the text.
 */
export interface AnswerContext {
  score: () => number;
  random: () => number;
  quote: () => string;
}

type Schema = Record<string, unknown>;

export function answerForSchema(schema: Schema, ctx: AnswerContext, depth = 0): unknown {
  if (depth > 8) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[Math.min(schema.enum.length - 1, Math.floor(ctx.score() * schema.enum.length))];
  }
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0)
    return answerForSchema(schema.anyOf[0] as Schema, ctx, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(properties)) out[name] = answerForSchema(sub, ctx, depth + 1);
      return out;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
      const n = min + Math.floor(ctx.random() * (max - min + 1));
      return Array.from({ length: n }, () => answerForSchema((schema.items ?? {}) as Schema, ctx, depth + 1));
    }
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : min + 10;
      const value = min + ctx.score() * (max - min);
      return type === "integer"
        ? Math.min(max, Math.max(min, Math.round(value)))
        : Math.round(value * 1000) / 1000;
    }
    case "boolean":
      return ctx.score() >= 0.5;
    case "null":
      return null;
    default:
      return ctx.quote();
  }
}
