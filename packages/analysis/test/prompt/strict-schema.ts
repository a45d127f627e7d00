/**
 * What OpenAI strict structured outputs require of a schema, and Anthropic's tool input_schema
 * accepts: an object at the root without combinators, every object closed
 * (`additionalProperties: false`) with all its properties required, no `$ref`, and only keywords
 * from the supported subset. Returns each breach with its JSON path.
 */
const KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "description",
  "enum",
  "minimum",
  "maximum",
  "multipleOf",
  "items",
]);

export function strictSchemaProblems(schema: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (schema.type !== "object") problems.push("$: the root must be an object");
  walk(schema, "$", problems);
  return problems;
}

function walk(node: Record<string, unknown>, path: string, problems: string[]): void {
  for (const key of Object.keys(node))
    if (!KEYWORDS.has(key)) problems.push(`${path}: unsupported keyword ${key}`);
  if (node.type === "object") {
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const required = [...((node.required as string[]) ?? [])].sort();
    if (JSON.stringify(required) !== JSON.stringify(Object.keys(properties).sort())) {
      problems.push(`${path}: every property must be required`);
    }
    for (const [name, sub] of Object.entries(properties)) walk(sub, `${path}.${name}`, problems);
  } else if (node.type === "number" || node.type === "integer") {
    if (typeof node.minimum !== "number" || typeof node.maximum !== "number") {
      problems.push(`${path}: numbers need minimum and maximum`);
    }
  } else if (node.type === "string") {
    if (
      node.enum !== undefined &&
      !(Array.isArray(node.enum) && node.enum.every((e) => typeof e === "string"))
    ) {
      problems.push(`${path}: enum must list strings`);
    }
  } else {
    problems.push(`${path}: unexpected type ${String(node.type)}`);
  }
}
