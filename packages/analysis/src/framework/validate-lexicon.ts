import { checkKeys, checkTextList, isRecord, IssueList, join } from "./field-checks.js";
import type { Lexicon } from "./framework.js";
import { describe } from "./scale.js";

const LEXICON_KEYS = ["positive", "negative"] as const;

/** A list of indicator terms, or `{ positive?, negative? }` lists. */
export function validateLexicon(value: unknown, path: string, issues: IssueList): Lexicon | undefined {
  if (Array.isArray(value)) return checkTextList(value, path, issues);
  if (!isRecord(value)) {
    issues.add(
      path,
      `must be a list of indicator terms, or { "positive": [...], "negative": [...] }; got ${describe(value)}.`,
    );
    return undefined;
  }
  const start = issues.items.length;
  checkKeys(value, LEXICON_KEYS, path, issues);
  const lexicon: { positive?: string[]; negative?: string[] } = {};
  for (const key of LEXICON_KEYS) {
    if (value[key] === undefined) continue;
    const terms = checkTextList(value[key], join(path, key), issues);
    if (terms) lexicon[key] = terms;
  }
  if (issues.items.length > start) return undefined;
  return lexicon;
}
