import { didYouMean } from "@discernus/gateway";
import type { FrameworkIssue } from "./framework-invalid-error.js";
import { describe } from "./scale.js";

/** Collects every problem in one pass, so a user fixes a file once rather than once per error. */
export class IssueList {
  readonly items: FrameworkIssue[] = [];
  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Reports fields that are not in `known`, with a did-you-mean among the known fields the object
 * lacks. Returns the known fields that were suggested, so their "missing" report can be skipped:
 * one typo gives one message.
 */
export function checkKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  path: string,
  issues: IssueList,
): Set<string> {
  const suggested = new Set<string>();
  const absent = known.filter((k) => !(k in record));
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const guess = didYouMean(key, absent);
    if (guess !== undefined) {
      suggested.add(guess);
      issues.add(join(path, key), `unknown field; did you mean "${guess}"? Rename it.`);
    } else {
      issues.add(join(path, key), `unknown field; remove it. Known fields here: ${known.join(", ")}.`);
    }
  }
  return suggested;
}

/** A required non-empty string, trimmed; `example` shows the fix when it is missing. */
export function requireText(
  record: Record<string, unknown>,
  key: string,
  path: string,
  issues: IssueList,
  opts: { example: string; suggested: Set<string> },
): string | undefined {
  const value = record[key];
  const at = join(path, key);
  if (value === undefined) {
    if (!opts.suggested.has(key)) issues.add(at, `missing; add "${key}": ${opts.example}.`);
    return undefined;
  }
  if (typeof value !== "string") {
    issues.add(at, `must be text in quotes, got ${describe(value)}; e.g. "${key}": ${opts.example}.`);
    return undefined;
  }
  if (value.trim() === "") {
    issues.add(at, `is empty; write it out, e.g. "${key}": ${opts.example}.`);
    return undefined;
  }
  return value.trim();
}

/** A list of non-empty strings (a lexicon's terms, a scale's labels). */
export function checkTextList(value: unknown, path: string, issues: IssueList): string[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(
      path,
      `must be a list of terms in quotes, got ${describe(value)}; e.g. ["the people", "ordinary citizens"].`,
    );
    return undefined;
  }
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item !== "string" || item.trim() === "") {
      issues.add(`${path}[${i}]`, `must be a non-empty text in quotes, got ${describe(item)}.`);
      ok = false;
    }
  });
  return ok ? (value as string[]).map((s) => s.trim()) : undefined;
}
