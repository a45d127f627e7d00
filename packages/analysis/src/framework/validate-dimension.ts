import { checkKeys, isRecord, IssueList, join, requireText } from "./field-checks.js";
import type { Dimension, Scale } from "./framework.js";
import { describe } from "./scale.js";
import { toSnakeCase } from "./to-snake-case.js";
import { validateAnchors } from "./validate-anchors.js";
import { validateLexicon } from "./validate-lexicon.js";
import { validateScale } from "./validate-scale.js";

const DIMENSION_KEYS = [
  "id",
  "name",
  "definition",
  "scale",
  "anchors",
  "lexicon",
  "evidence",
  "axis",
] as const;
const AXIS_KEYS = ["name", "pole"] as const;
/** snake_case, and short enough for any provider's property names. */
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 64;

export function validateDimension(value: unknown, path: string, issues: IssueList): Dimension | undefined {
  if (!isRecord(value)) {
    issues.add(
      path,
      `must be an object with id, name, definition, scale and anchors; got ${describe(value)}.`,
    );
    return undefined;
  }
  const start = issues.items.length;
  const suggested = checkKeys(value, DIMENSION_KEYS, path, issues);
  const name = requireText(value, "name", path, issues, { example: '"Anti-elitism"', suggested });
  const id = validateId(value.id, name, join(path, "id"), issues, suggested.has("id"));
  const definition = requireText(value, "definition", path, issues, {
    example: '"what the dimension measures, in one or two sentences"',
    suggested,
  });
  let scale: Scale | undefined;
  if (value.scale === undefined) {
    if (!suggested.has("scale")) {
      issues.add(join(path, "scale"), 'missing; add e.g. "scale": { "min": 0, "max": 2, "step": 1 }.');
    }
  } else {
    scale = validateScale(value.scale, join(path, "scale"), issues);
  }
  const anchors = suggested.has("anchors")
    ? undefined
    : validateAnchors(value.anchors, scale, join(path, "anchors"), issues);
  const lexicon =
    value.lexicon === undefined ? undefined : validateLexicon(value.lexicon, join(path, "lexicon"), issues);
  const evidence = value.evidence ?? true;
  if (typeof evidence !== "boolean") {
    issues.add(join(path, "evidence"), `must be true or false (without quotes), got ${describe(evidence)}.`);
  }
  const axis = value.axis === undefined ? undefined : validateAxis(value.axis, join(path, "axis"), issues);
  if (issues.items.length > start) return undefined;
  const dimension: Dimension = {
    id: id!,
    name: name!,
    definition: definition!,
    scale: scale!,
    anchors: anchors!,
    evidence: evidence as boolean,
  };
  if (lexicon !== undefined) dimension.lexicon = lexicon;
  if (axis !== undefined) dimension.axis = axis;
  return dimension;
}

function validateId(
  value: unknown,
  name: string | undefined,
  at: string,
  issues: IssueList,
  suggested: boolean,
): string | undefined {
  const example = name ? toSnakeCase(name) : "anti_elitism";
  if (value === undefined) {
    if (!suggested) issues.add(at, `missing; add "id": "${example}" (snake_case, used as the column name).`);
    return undefined;
  }
  if (typeof value !== "string") {
    issues.add(at, `must be a snake_case text in quotes, got ${describe(value)}; e.g. "${example}".`);
    return undefined;
  }
  if (!SNAKE_CASE.test(value) || value.length > MAX_ID_LENGTH) {
    const fix = toSnakeCase(value).slice(0, MAX_ID_LENGTH) || example;
    issues.add(at, `"${value}" is not a snake_case id of at most ${MAX_ID_LENGTH} characters; use "${fix}".`);
    return undefined;
  }
  return value;
}

function validateAxis(value: unknown, at: string, issues: IssueList): Dimension["axis"] {
  if (!isRecord(value)) {
    issues.add(at, `must be { "name": "<axis>", "pole": "positive" | "negative" }; got ${describe(value)}.`);
    return undefined;
  }
  const start = issues.items.length;
  const suggested = checkKeys(value, AXIS_KEYS, at, issues);
  const name = requireText(value, "name", at, issues, { example: '"Identity"', suggested });
  if (value.pole !== "positive" && value.pole !== "negative") {
    issues.add(join(at, "pole"), `must be "positive" or "negative", got ${describe(value.pole)}.`);
  }
  if (issues.items.length > start) return undefined;
  return { name: name!, pole: value.pole as "positive" | "negative" };
}
