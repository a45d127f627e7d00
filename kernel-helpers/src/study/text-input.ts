import { CorpusInvalidError } from "./study-errors.js";

/** A text to analyse: a string, or an object with the text and an id (and any metadata to keep). */
export type TextInput = string | { readonly id?: string | number; readonly text: string };

export interface CorpusItem {
  id: string;
  text: string;
  meta: Record<string, unknown>;
}

/** Checks and names the texts: ids are given or 1-based positions; every text a non-empty string. */
export function normalizeTexts(texts: readonly TextInput[]): CorpusItem[] {
  if (!Array.isArray(texts)) throw new CorpusInvalidError(`expected an array of texts, got ${typeof texts}.`);
  if (texts.length === 0) throw new CorpusInvalidError("the corpus is empty: pass at least one text.");
  const seen = new Set<string>();
  return texts.map((input, i) => {
    const item = (typeof input === "string" ? { text: input } : input) as {
      id?: unknown;
      text?: unknown;
    } | null;
    if (item === null || typeof item !== "object" || typeof item.text !== "string")
      throw new CorpusInvalidError(
        `texts[${i}] is ${item === null ? "null" : typeof item === "object" ? "an object without a string `text`" : typeof item}: give a string, or { id, text }.`,
      );
    if (item.text.trim() === "")
      throw new CorpusInvalidError(`texts[${i}] is empty: remove it or give its text.`);
    const { id: rawId, text, ...meta } = item as { id?: unknown; text: string };
    const id = rawId === undefined ? String(i + 1) : String(rawId as string | number);
    if (seen.has(id))
      throw new CorpusInvalidError(
        `texts[${i}] repeats the id "${id}": ids name rows in the results, so each must be unique.`,
      );
    seen.add(id);
    return { id, text, meta };
  });
}
