import { parse as parseYaml } from "yaml";
import { isRecord, IssueList } from "./field-checks.js";
import type { Dimension, Framework, Lexicon, NumericScale } from "./framework.js";
import { FrameworkInvalidError } from "./framework-invalid-error.js";
import { toSnakeCase } from "./to-snake-case.js";
import { FRAMEWORK_FORMAT, validateFramework } from "./validate-framework.js";
import { yamlAppendixCandidates } from "./yaml-appendix.js";

/** Spec v10 scores raw_score on 0.0-1.0; a file's output_schema may say otherwise. */
const DEFAULT_SCALE: NumericScale = { min: 0, max: 1 };

/**
 * Maps a Discernus `framework.md` (spec v10: prose, then a YAML appendix with `metadata`,
 * `analysis_variants`, `dimensions` and `output_schema`) to this format. Each dimension keeps its
 * description (with its disambiguation rules and boundary cases, which steer scoring), its
 * `scoring_calibration` becomes anchors, and `markers` become the lexicon. The default analysis
 * variant's prompt becomes the instructions. Salience, confidence and derived metrics are not
 * part of this format and are left out.
 */
export function fromDiscernusMarkdown(markdown: string, source: string): Framework {
  const appendix = parseAppendix(markdown, source);
  const issues = new IssueList();
  const meta = isRecord(appendix.metadata) ? appendix.metadata : {};
  const scale = outputScale(appendix.output_schema) ?? DEFAULT_SCALE;
  const listed = appendix.dimensions ?? defaultVariant(appendix.analysis_variants)?.dimensions;
  const rawDimensions = Array.isArray(listed)
    ? listed
    : isRecord(listed)
      ? Object.entries(listed).map(([name, d]) => (isRecord(d) ? { name, ...d } : d))
      : [];
  if (rawDimensions.length === 0) issues.add("dimensions", "the YAML appendix lists no dimensions.");
  const dimensions = rawDimensions.flatMap((d, i) => {
    const dimension = markdownDimension(d, scale, `dimensions[${i}]`, issues);
    return dimension ? [dimension] : [];
  });
  if (issues.items.length > 0) throw new FrameworkInvalidError(source, issues.items);
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const framework: Record<string, unknown> = {
    discernus_framework: FRAMEWORK_FORMAT,
    name:
      title(markdown) ??
      text(meta.display_name) ??
      text(meta.framework_name) ??
      "Imported Discernus framework",
    version: String(meta.framework_version ?? meta.version ?? "1"),
    description: abstract(markdown) ?? `Imported from the Discernus framework ${source}.`,
    instructions:
      defaultPrompt(appendix.analysis_variants) ??
      "Score each dimension independently on the evidence of the text, following its calibration.",
    dimensions,
  };
  const citation = text(meta.citation) ?? text(meta.citations) ?? text(meta.references);
  if (citation !== undefined) framework.citation = citation;
  return validateFramework(framework, source);
}

function parseAppendix(markdown: string, source: string): Record<string, unknown> {
  let lastError: string | undefined;
  for (const candidate of yamlAppendixCandidates(markdown)) {
    try {
      const doc: unknown = parseYaml(candidate, { uniqueKeys: false });
      if (
        isRecord(doc) &&
        (doc.dimensions !== undefined || defaultVariant(doc.analysis_variants)?.dimensions)
      ) {
        return doc;
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message.split("\n")[0] : String(error);
    }
  }
  throw new FrameworkInvalidError(source, [
    {
      path: "(YAML appendix)",
      message: lastError
        ? `the machine-readable appendix is not valid YAML (${lastError}); fix it there.`
        : "no machine-readable appendix with dimensions found; a Discernus framework.md (spec v10) ends with a ```yaml block holding metadata, analysis_variants and dimensions.",
    },
  ]);
}

function markdownDimension(value: unknown, fileScale: NumericScale, path: string, issues: IssueList) {
  const description = isRecord(value) ? (value.description ?? value.definition) : undefined;
  if (!isRecord(value) || typeof value.name !== "string" || typeof description !== "string") {
    const named = isRecord(value) && typeof value.name === "string" ? ` ("${value.name}")` : "";
    issues.add(`${path}${named}`, "has no description; each dimension needs a name and a description.");
    return undefined;
  }
  const name = value.name;
  // Some test-suite files give a dimension its own range (min_score, max_score).
  const scale =
    typeof value.min_score === "number" &&
    typeof value.max_score === "number" &&
    value.min_score < value.max_score
      ? { min: value.min_score, max: value.max_score }
      : fileScale;
  const dimension: Dimension = {
    id: toSnakeCase(name),
    name: /^[a-z0-9_]+$/.test(name) ? humanise(name) : name,
    definition: definition(value, description),
    scale,
    anchors: calibrationAnchors(value.scoring_calibration ?? guideLines(value.scoring_guide), scale, name),
    evidence: true,
  };
  const lexicon = markerLexicon(value.markers);
  if (lexicon) dimension.lexicon = lexicon;
  return dimension;
}

/** A `scoring_guide` block ("0.0: none\n0.5: some") read as a calibration keyed by score. */
function guideLines(guide: unknown): Record<string, string> | undefined {
  if (typeof guide !== "string") return undefined;
  const entries = guide.split("\n").flatMap((line) => {
    const m = /^\s*(\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?)\s*[:\-–]\s*(.+)$/.exec(line);
    return m ? [[m[1]!, m[2]!.trim()] as const] : [];
  });
  return Object.fromEntries(entries);
}

/** The description, then the rules that tell it from its neighbours, then its boundary cases. */
function definition(d: Record<string, unknown>, description: string): string {
  const parts = [description.trim()];
  const rules = stringLeaves(d.disambiguation, new Set(["priority"]));
  if (rules.length > 0)
    parts.push(`Distinguish: ${rules.map((r) => (/[.!?]$/.test(r) ? r : `${r}.`)).join(" ")}`);
  const markers = isRecord(d.markers) ? d.markers : {};
  const boundary = phrases(markers.boundary_cases, true);
  if (boundary.length > 0) parts.push(`Boundary cases: ${boundary.join("; ")}.`);
  return parts.join("\n");
}

function markerLexicon(markers: unknown): Lexicon | undefined {
  if (!isRecord(markers)) return undefined;
  const lexicon: { positive?: string[]; negative?: string[] } = {};
  const positive = phrases(markers.positive_examples, false);
  const negative = phrases(markers.negative_examples, false);
  if (positive.length > 0) lexicon.positive = positive;
  if (negative.length > 0) lexicon.negative = negative;
  return positive.length + negative.length > 0 ? lexicon : undefined;
}

/** Marker examples are strings or { phrase, explanation }. */
function phrases(list: unknown, withExplanation: boolean): string[] {
  if (!Array.isArray(list)) return [];
  const out = list.flatMap((item) => {
    if (typeof item === "string") return [item.trim()];
    if (!isRecord(item) || typeof item.phrase !== "string") return [];
    const why = typeof item.explanation === "string" ? item.explanation.trim() : "";
    return [withExplanation && why ? `"${item.phrase.trim()}" (${why})` : item.phrase.trim()];
  });
  return [...new Set(out.filter((s) => s !== ""))];
}

const RANGE = /^\s*(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?/;

/**
 * scoring_calibration is `{ high: "0.7-1.0: ...", ..., absent: "0.0: ..." }` or keyed by the range
 * (`{ "0.8-1.0": "..." }`). A range becomes one anchor: at the scale's end when it touches it,
 * else at its midpoint. The calibration's own text is kept, range included. An end the file does
 * not calibrate gets a plain description, marked as added on import.
 */
function calibrationAnchors(calibration: unknown, scale: NumericScale, name: string): Record<string, string> {
  const anchors = new Map<number, string>();
  for (const [key, value] of Object.entries(isRecord(calibration) ? calibration : {})) {
    if (typeof value !== "string") continue;
    const fromKey = RANGE.exec(key);
    const match = fromKey ?? RANGE.exec(value);
    if (!match) continue;
    const lo = Number(match[1]);
    const hi = match[2] === undefined ? lo : Number(match[2]);
    if (!(lo >= scale.min && hi <= scale.max && lo <= hi)) continue;
    const score =
      lo === hi ? lo : hi >= scale.max ? scale.max : lo <= scale.min ? scale.min : round2((lo + hi) / 2);
    const text = fromKey ? `${key}: ${value.trim()}` : value.trim();
    anchors.set(score, anchors.has(score) ? `${anchors.get(score)} / ${text}` : text);
  }
  if (!anchors.has(scale.min))
    anchors.set(scale.min, `Absent: no sign of ${name} in the text. (Added on import.)`);
  if (!anchors.has(scale.max))
    anchors.set(scale.max, `Strong and central: ${name} dominates the text. (Added on import.)`);
  return Object.fromEntries([...anchors].map(([k, v]) => [String(k), v]));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** raw_score's minimum and maximum in the file's output schema, wherever it is nested. */
function outputScale(schema: unknown, depth = 0): NumericScale | undefined {
  if (!isRecord(schema) || depth > 8) return undefined;
  const raw = isRecord(schema.properties) ? schema.properties.raw_score : undefined;
  if (
    isRecord(raw) &&
    typeof raw.minimum === "number" &&
    typeof raw.maximum === "number" &&
    raw.minimum < raw.maximum
  ) {
    return { min: raw.minimum, max: raw.maximum };
  }
  for (const child of Object.values(schema)) {
    const found = outputScale(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function defaultVariant(variants: unknown): Record<string, unknown> | undefined {
  if (!isRecord(variants)) return undefined;
  if (isRecord(variants.default)) return variants.default;
  return Object.values(variants).find(isRecord);
}

function defaultPrompt(variants: unknown): string | undefined {
  if (!isRecord(variants)) return undefined;
  const chosen = [variants.default, ...Object.values(variants)].find(
    (v) => isRecord(v) && typeof v.analysis_prompt === "string" && v.analysis_prompt.trim() !== "",
  );
  return isRecord(chosen) ? String(chosen.analysis_prompt).trim() : undefined;
}

function title(markdown: string): string | undefined {
  return /^#\s+(?!---)(.+?)\s*$/m.exec(markdown)?.[1]?.trim();
}

/** The first paragraph of the "Abstract" section, without markdown emphasis and question lines. */
function abstract(markdown: string): string | undefined {
  const section = /^#{2,4}\s+[^\n]*Abstract[^\n]*\n([\s\S]*?)(?=^#{1,4}\s|^---\s*$|(?![\s\S]))/m.exec(
    markdown,
  )?.[1];
  if (!section) return undefined;
  const paragraphs = section
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split("\n")
        .filter((line) => !/^\s*\*\*[^*]+\*\*\s*$/.test(line))
        .join(" ")
        .replace(/\*\*|__/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((p) => p !== "");
  return paragraphs[0];
}

function humanise(snake: string): string {
  const words = snake.split("_").filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function stringLeaves(value: unknown, skipKeys: Set<string>): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value.trim()];
  if (Array.isArray(value)) return value.flatMap((v) => stringLeaves(v, skipKeys));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (skipKeys.has(k) ? [] : stringLeaves(v, skipKeys)));
}
