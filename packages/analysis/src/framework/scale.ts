import type { NumericScale, Scale } from "./framework.js";

/** Tolerance for "on the step": 0.1 + 0.2 is not 0.3 in binary. */
const STEP_EPSILON = 1e-9;

export function isLabelScale(scale: Scale): scale is string[] {
  return Array.isArray(scale);
}

/** The lowest and highest anchor keys a scale must have. */
export function scaleEnds(scale: Scale): [string, string] {
  if (isLabelScale(scale)) return [scale[0] ?? "", scale[scale.length - 1] ?? ""];
  return [String(scale.min), String(scale.max)];
}

/** True when the scale's values are whole numbers, so "integer" can be asked for. */
export function isIntegerScale(scale: NumericScale): boolean {
  return Number.isInteger(scale.min) && scale.step !== undefined && Number.isInteger(scale.step);
}

/** Why `value` is not a score on `scale`, or undefined when it is one. */
export function offScaleReason(scale: Scale, value: unknown): string | undefined {
  if (isLabelScale(scale)) {
    if (typeof value !== "string")
      return `must be one of the labels ${quoteList(scale)}, got ${describe(value)}`;
    return scale.includes(value)
      ? undefined
      : `"${value}" is not a label of this scale; use one of ${quoteList(scale)}`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return `must be a number from ${scale.min} to ${scale.max}, got ${describe(value)}`;
  }
  if (value < scale.min) return `${value} is below the scale's minimum ${scale.min}`;
  if (value > scale.max) return `${value} is above the scale's maximum ${scale.max}`;
  if (scale.step !== undefined && !isOnStep(scale.min, scale.step, value)) {
    return `${value} is not on the scale's steps of ${scale.step} from ${scale.min}`;
  }
  return undefined;
}

export function isOnStep(min: number, step: number, value: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) < STEP_EPSILON * Math.max(1, Math.abs(k));
}

/** A score as a number: itself, or a label's rank (0 for the lowest label). */
export function scoreValue(scale: Scale, score: number | string): number {
  return isLabelScale(scale) ? scale.indexOf(String(score)) : Number(score);
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => JSON.stringify(s)).join(", ");
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** A dimension's anchors from the lowest score to the highest (object key order cannot say it). */
export function sortedAnchors(scale: Scale, anchors: Record<string, string>): [string, string][] {
  return Object.entries(anchors).sort((a, b) => scoreValue(scale, a[0]) - scoreValue(scale, b[0]));
}
