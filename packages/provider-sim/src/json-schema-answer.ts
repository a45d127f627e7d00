/**
 * What a schema answer draws on: `score(path)` is a number in 0..1 for the field at `path` (the
 * text's synthetic true score for that field plus this model's noise), `quote()` a short sentence
 * quoting the text, `random()` the request's seeded generator.
 */
export interface SchemaAnswerContext {
  score(path: string): number;
  quote(): string;
  random(): number;
}

type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;
const DEFAULT_SPAN = 10;

/**
 * A value valid against a JSON Schema, for the subset structured outputs accept (OpenAI strict
 * mode and Anthropic tool input_schema): object, properties, required, additionalProperties,
 * array, items, minItems/maxItems, string, minLength/maxLength, number, integer,
 * minimum/maximum/exclusiveMinimum/exclusiveMaximum, boolean, null, enum, const, anyOf/oneOf,
 * type lists, and local $ref into $defs/definitions. Every declared property is filled, as strict
 * mode requires, and no other.
 */
export function answerForSchema(schema: Schema, ctx: SchemaAnswerContext): unknown {
  return valueFor(schema, schema, ctx, "$", 0);
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#")) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split("/").filter(Boolean)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node && typeof node === "object" ? (node as Schema)[key] : undefined;
  }
  return node && typeof node === "object" ? (node as Schema) : {};
}

function valueFor(
  schema: Schema,
  root: Schema,
  ctx: SchemaAnswerContext,
  path: string,
  depth: number,
): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === "string")
    return valueFor(resolveRef(root, schema.$ref), root, ctx, path, depth + 1);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    // Enums are read as ordinal scales (e.g. negative < neutral < positive): the score picks a rung.
    const options = schema.enum as unknown[];
    return options[Math.min(options.length - 1, Math.floor(ctx.score(path) * options.length))];
  }
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const branch = branches.find((b) => b.type !== "null") ?? (branches[0] as Schema);
    return valueFor(branch, root, ctx, path, depth + 1);
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? "null") : schema.type;
  switch (type) {
    case "object":
      return objectFor(schema, root, ctx, path, depth);
    case "array": {
      const cap = typeof schema.maxItems === "number" ? schema.maxItems : undefined;
      const min = typeof schema.minItems === "number" ? schema.minItems : Math.min(1, cap ?? 1);
      const max = cap ?? Math.max(min, 3);
      const n = min + Math.floor(ctx.random() * (max - min + 1));
      const items = (schema.items && typeof schema.items === "object" ? schema.items : {}) as Schema;
      return Array.from({ length: n }, (_, i) => valueFor(items, root, ctx, `${path}[${i}]`, depth + 1));
    }
    case "integer":
    case "number":
      return numberFor(schema, type, ctx.score(path));
    case "boolean":
      return ctx.score(path) >= 0.5;
    case "null":
      return null;
    case "string":
      return stringFor(schema, ctx);
    default:
      // No type: an object if it has properties, else a string (valid against an empty schema).
      return schema.properties ? objectFor(schema, root, ctx, path, depth) : stringFor(schema, ctx);
  }
}

function objectFor(schema: Schema, root: Schema, ctx: SchemaAnswerContext, path: string, depth: number) {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties))
    out[name] = valueFor(sub, root, ctx, `${path}.${name}`, depth + 1);
  return out;
}

function bound(schema: Schema, inclusive: string, exclusive: string): { value?: number; open: boolean } {
  if (typeof schema[exclusive] === "number") return { value: schema[exclusive] as number, open: true };
  if (typeof schema[inclusive] === "number") return { value: schema[inclusive] as number, open: false };
  return { open: false };
}

/** Maps a score in 0..1 onto the field's range; unbounded sides span DEFAULT_SPAN. */
function numberFor(schema: Schema, type: "integer" | "number", score: number): number {
  const lower = bound(schema, "minimum", "exclusiveMinimum");
  const upper = bound(schema, "maximum", "exclusiveMaximum");
  let min = lower.value ?? (upper.value !== undefined ? Math.min(0, upper.value - DEFAULT_SPAN) : 0);
  let max = upper.value ?? min + DEFAULT_SPAN;
  if (type === "integer") {
    min = lower.open ? Math.floor(min) + 1 : Math.ceil(min);
    max = upper.open ? Math.ceil(max) - 1 : Math.floor(max);
    return max < min ? min : Math.min(max, Math.max(min, Math.round(min + score * (max - min))));
  }
  const value = Math.round((min + score * (max - min)) * 1000) / 1000;
  const epsilon = (max - min) / 1000 || 0.001;
  if (lower.open && value <= min) return min + epsilon;
  if (upper.open && value >= max) return max - epsilon;
  return Math.min(max, Math.max(min, value));
}

function stringFor(schema: Schema, ctx: SchemaAnswerContext): string {
  let text = ctx.quote();
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  while (text.length < minLength) text += ` ${ctx.quote()}`;
  if (typeof schema.maxLength === "number") text = [...text].slice(0, schema.maxLength).join("");
  return text;
}
