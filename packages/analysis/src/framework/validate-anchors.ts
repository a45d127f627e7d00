import { didYouMean } from "@discernus/gateway";
import { isRecord, IssueList } from "./field-checks.js";
import type { Scale } from "./framework.js";
import { describe, isLabelScale, offScaleReason, scaleEnds } from "./scale.js";

/**
 * Anchors keyed by score. Numeric keys are normalised ("1.0" -> "1") so equal frameworks hash
 * equal; every key must be on the scale, and both ends of the scale must be anchored. Without a
 * valid scale only the shape is checked. (Key order is not meaningful: JavaScript lists integer
 * keys first, so readers sort by score, as the prompt does.)
 */
export function validateAnchors(
  value: unknown,
  scale: Scale | undefined,
  path: string,
  issues: IssueList,
): Record<string, string> | undefined {
  if (value === undefined) {
    const ends = scale ? scaleEnds(scale) : ["<lowest score>", "<highest score>"];
    issues.add(
      path,
      `missing; describe at least both ends of the scale, e.g. "anchors": { "${ends[0]}": "...", "${ends[1]}": "..." }.`,
    );
    return undefined;
  }
  if (!isRecord(value)) {
    issues.add(
      path,
      `must be an object from score to description, e.g. { "0": "absent", "2": "dominant" }; got ${describe(value)}.`,
    );
    return undefined;
  }
  const start = issues.items.length;
  const anchors = new Map<string, string>();
  for (const [rawKey, text] of Object.entries(value)) {
    const at = `${path}["${rawKey}"]`;
    if (typeof text !== "string" || text.trim() === "") {
      issues.add(at, `must describe what a text with this score looks like, got ${describe(text)}.`);
      continue;
    }
    const key = scale ? anchorKey(rawKey, scale, at, issues) : rawKey;
    if (key === undefined) continue;
    if (anchors.has(key)) {
      issues.add(at, `is the same score as another anchor ("${key}"); keep one.`);
      continue;
    }
    anchors.set(key, text.trim());
  }
  if (scale && issues.items.length === start) {
    const missing = scaleEnds(scale).filter((end) => !anchors.has(end));
    if (missing.length > 0) {
      issues.add(
        path,
        `needs an anchor at each end of the scale; add ${missing.map((m) => `"${m}": "<what a score of ${m} looks like>"`).join(" and ")}.`,
      );
    }
  }
  if (issues.items.length > start) return undefined;
  return Object.fromEntries(anchors);
}

function anchorKey(rawKey: string, scale: Scale, at: string, issues: IssueList): string | undefined {
  if (isLabelScale(scale)) {
    if (scale.includes(rawKey)) return rawKey;
    const guess = didYouMean(rawKey, scale);
    issues.add(
      at,
      guess !== undefined
        ? `is not a label of the scale; did you mean "${guess}"?`
        : `is not a label of the scale; anchors are keyed by its labels: ${scale.map((s) => `"${s}"`).join(", ")}.`,
    );
    return undefined;
  }
  const score = rawKey.trim() === "" ? NaN : Number(rawKey);
  if (!Number.isFinite(score)) {
    issues.add(at, `anchors of a numeric scale are keyed by scores, e.g. "0" or "1.5", not "${rawKey}".`);
    return undefined;
  }
  const off = offScaleReason(scale, score);
  if (off !== undefined) {
    issues.add(at, `${off}; anchor a score on the scale.`);
    return undefined;
  }
  return String(score);
}
