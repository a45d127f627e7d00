import { canonicalJson } from "@discernus/gateway/canonical-json";

/** Whether every object's keys, at every depth, are in sorted (code unit) order. */
function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysSorted(item)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && previous >= key) return false;
    previous = key;
    if (!keysSorted((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Whether `text` is the canonical JSON of `value`, its own parse, without re-serialising in JS:
 * JSON.parse keeps the text's key order, so native JSON.stringify reproduces the text exactly when
 * the text had no whitespace and standard escapes, and a walk checks the keys are sorted. Objects
 * with integer-like keys ("9", "10") are the exception: JS orders those numerically whatever the
 * text says, so they take the slow path through canonicalJson.
 */
export function isCanonicalLine(value: unknown, text: string): boolean {
  if (JSON.stringify(value) === text) return keysSorted(value);
  return canonicalJson(value) === text;
}
