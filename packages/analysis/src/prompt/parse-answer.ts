import { didYouMean } from "@discernus/gateway";
import type { Framework } from "../framework/framework.js";
import { describe, offScaleReason, scoreValue } from "../framework/scale.js";
import { AnswerInvalidError } from "./answer-invalid-error.js";

export interface DimensionScore {
  /** As answered: a number, or a label of a label scale. */
  score: number | string;
  /** The score as a number: itself, or the label's rank from 0 (for statistics). */
  value: number;
  /** Present when the dimension asks for evidence ("" when the model found none). */
  evidence?: string;
}

export interface FrameworkAnswer {
  /** Keyed by dimension id, in the framework's order. */
  scores: Record<string, DimensionScore>;
}

/**
 * Checks an answer (the gateway's parsed `json`, or the raw text) against the framework: every
 * dimension present, every score on its scale, evidence text where asked. Returns the typed
 * scores, or throws AnswerInvalidError listing every problem. Fields the framework does not know
 * are ignored: they cannot make a score wrong.
 */
export function parseAnswer(framework: Framework, answer: unknown): FrameworkAnswer {
  const problems: string[] = [];
  const json = typeof answer === "string" ? parseJsonText(answer, problems) : answer;
  if (problems.length > 0) throw new AnswerInvalidError(framework.name, problems, answer);
  const scores =
    json !== null && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>).scores
      : undefined;
  if (scores === null || typeof scores !== "object" || Array.isArray(scores)) {
    problems.push(
      `scores: ${scores === undefined ? "missing" : `must be an object, got ${describe(scores)}`}; answer { "scores": { "<dimension id>": { "score": ... } } }.`,
    );
    throw new AnswerInvalidError(framework.name, problems, answer);
  }
  const entries = scores as Record<string, unknown>;
  const known = new Set(framework.dimensions.map((d) => d.id));
  const strays = Object.keys(entries).filter((k) => !known.has(k));
  const out: Record<string, DimensionScore> = {};
  for (const d of framework.dimensions) {
    const at = `scores.${d.id}`;
    const entry = entries[d.id];
    if (entry === undefined) {
      const stray = didYouMean(d.id, strays);
      problems.push(
        `${at}: missing${stray ? ` (the answer has "${stray}" instead; use the id exactly)` : ""}.`,
      );
      continue;
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(
        `${at}: must be an object like { "score": ..., "evidence": "..." }, got ${describe(entry)}.`,
      );
      continue;
    }
    const { score, evidence } = entry as Record<string, unknown>;
    const off = offScaleReason(d.scale, score);
    if (off !== undefined) problems.push(`${at}.score: ${off}.`);
    if (d.evidence && typeof evidence !== "string") {
      problems.push(`${at}.evidence: must be a quotation as text ("" if none), got ${describe(evidence)}.`);
    }
    if (off !== undefined || (d.evidence && typeof evidence !== "string")) continue;
    const parsed: DimensionScore = {
      score: score as number | string,
      value: scoreValue(d.scale, score as number | string),
    };
    if (d.evidence) parsed.evidence = evidence as string;
    out[d.id] = parsed;
  }
  if (problems.length > 0) throw new AnswerInvalidError(framework.name, problems, answer);
  return { scores: out };
}

/** Answers given as text may wrap the JSON in a ```json fence or a sentence. */
function parseJsonText(text: string, problems: string[]): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidates = [text, fenced, text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const candidate of candidates) {
    if (!candidate || candidate.trim() === "") continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  problems.push(`(answer): is not JSON (${text.length} characters); answer with the JSON object only.`);
  return undefined;
}
