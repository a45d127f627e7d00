import { checkKeys, isRecord, IssueList, requireText } from "./field-checks.js";
import type { Dimension, Framework } from "./framework.js";
import { FrameworkInvalidError } from "./framework-invalid-error.js";
import { describe } from "./scale.js";
import { validateDimension } from "./validate-dimension.js";

export const FRAMEWORK_FORMAT = 1;

const FRAMEWORK_KEYS = [
  "discernus_framework",
  "name",
  "version",
  "description",
  "citation",
  "instructions",
  "dimensions",
] as const;

/**
 * Checks parsed JSON against the framework format and returns it typed and normalised (defaults
 * filled, anchor keys canonical, text trimmed), or throws FrameworkInvalidError listing every
 * problem with its field path and fix. `source` names the file in the message.
 */
export function validateFramework(value: unknown, source = "framework"): Framework {
  const issues = new IssueList();
  if (!isRecord(value)) {
    issues.add(
      "(top level)",
      `must be a JSON object with "discernus_framework": 1, name, version, ...; got ${describe(value)}.`,
    );
    throw new FrameworkInvalidError(source, issues.items);
  }
  const suggested = checkKeys(value, FRAMEWORK_KEYS, "", issues);
  const format = value.discernus_framework;
  if (format === undefined) {
    if (!suggested.has("discernus_framework")) {
      issues.add(
        "discernus_framework",
        `missing; add "discernus_framework": ${FRAMEWORK_FORMAT} at the top.`,
      );
    }
  } else if (format !== FRAMEWORK_FORMAT) {
    issues.add(
      "discernus_framework",
      `is ${describe(format)}, but this Discernus reads format ${FRAMEWORK_FORMAT}; write "discernus_framework": ${FRAMEWORK_FORMAT}.`,
    );
  }
  const name = requireText(value, "name", "", issues, { example: '"Populism and pluralism"', suggested });
  const version = requireText(value, "version", "", issues, { example: '"1.0.0"', suggested });
  const description = requireText(value, "description", "", issues, {
    example: '"what the framework measures and why"',
    suggested,
  });
  const instructions = requireText(value, "instructions", "", issues, {
    example: '"how the model should read and score the text"',
    suggested,
  });
  const citation =
    value.citation === undefined
      ? undefined
      : requireText(value, "citation", "", issues, { example: '"Author (year). Title."', suggested });
  const dimensions = validateDimensions(value.dimensions, issues, suggested.has("dimensions"));
  if (issues.items.length > 0) throw new FrameworkInvalidError(source, issues.items);
  const framework: Framework = {
    discernus_framework: FRAMEWORK_FORMAT,
    name: name!,
    version: version!,
    description: description!,
    instructions: instructions!,
    dimensions: dimensions!,
  };
  if (citation !== undefined) framework.citation = citation;
  return framework;
}

function validateDimensions(value: unknown, issues: IssueList, suggested: boolean): Dimension[] | undefined {
  if (value === undefined) {
    if (!suggested) issues.add("dimensions", "missing; add a list with at least one dimension.");
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.add("dimensions", `must be a non-empty list of dimensions, got ${describe(value)}.`);
    return undefined;
  }
  const dimensions: Dimension[] = [];
  const firstIndexOf = new Map<string, number>();
  value.forEach((item, i) => {
    const dimension = validateDimension(item, `dimensions[${i}]`, issues);
    if (!dimension) return;
    const earlier = firstIndexOf.get(dimension.id);
    if (earlier !== undefined) {
      issues.add(
        `dimensions[${i}].id`,
        `"${dimension.id}" is already the id of dimensions[${earlier}]; ids must be unique.`,
      );
      return;
    }
    firstIndexOf.set(dimension.id, i);
    dimensions.push(dimension);
  });
  return dimensions;
}
