import { checkKeys, checkTextList, isRecord, IssueList, join } from "./field-checks.js";
import type { Scale } from "./framework.js";
import { describe, isOnStep } from "./scale.js";

const NUMERIC_SCALE_KEYS = ["min", "max", "step"] as const;

/** `{ min, max, step? }` or ordered labels; undefined (with issues) when neither. */
export function validateScale(value: unknown, path: string, issues: IssueList): Scale | undefined {
  if (Array.isArray(value)) return validateLabels(value, path, issues);
  if (!isRecord(value)) {
    issues.add(
      path,
      `must be a numeric range like { "min": 0, "max": 2, "step": 1 } or a list of labels, lowest first, like ["low", "medium", "high"]; got ${describe(value)}.`,
    );
    return undefined;
  }
  const start = issues.items.length;
  const suggested = checkKeys(value, NUMERIC_SCALE_KEYS, path, issues);
  const bound = (key: "min" | "max"): number | undefined => {
    const n = value[key];
    if (n === undefined) {
      if (!suggested.has(key)) issues.add(join(path, key), `missing; add "${key}" with a number.`);
      return undefined;
    }
    if (typeof n !== "number" || !Number.isFinite(n)) {
      issues.add(join(path, key), `must be a number (without quotes), got ${describe(n)}.`);
      return undefined;
    }
    return n;
  };
  const min = bound("min");
  const max = bound("max");
  if (min !== undefined && max !== undefined && !(min < max)) {
    issues.add(path, `min (${min}) must be below max (${max}); swap them or widen the range.`);
  }
  const step = value.step;
  if (step !== undefined) {
    if (typeof step !== "number" || !Number.isFinite(step) || step <= 0) {
      issues.add(
        join(path, "step"),
        `must be a positive number, got ${describe(step)}; or remove it for a continuous scale.`,
      );
    } else if (min !== undefined && max !== undefined && min < max && !isOnStep(min, step, max)) {
      issues.add(
        join(path, "step"),
        `steps of ${step} from ${min} do not reach max ${max}; choose a step that divides ${max - min}.`,
      );
    }
  }
  if (issues.items.length > start || min === undefined || max === undefined) return undefined;
  return typeof step === "number" ? { min, max, step } : { min, max };
}

function validateLabels(value: unknown[], path: string, issues: IssueList): Scale | undefined {
  const labels = checkTextList(value, path, issues);
  if (labels === undefined) return undefined;
  if (labels.length < 2) {
    issues.add(path, `needs at least two labels, lowest first, e.g. ["absent", "present", "dominant"].`);
    return undefined;
  }
  const seen = new Set<string>();
  for (const [i, label] of labels.entries()) {
    if (seen.has(label)) {
      issues.add(`${path}[${i}]`, `"${label}" appears twice; each label must be distinct.`);
      return undefined;
    }
    seen.add(label);
  }
  return labels;
}
