import { isRecord, IssueList } from "./field-checks.js";
import type { Dimension, Framework, Lexicon } from "./framework.js";
import { FrameworkInvalidError } from "./framework-invalid-error.js";
import { toSnakeCase } from "./to-snake-case.js";
import { FRAMEWORK_FORMAT, validateFramework } from "./validate-framework.js";

/**
 * The older Discernus ("Narrative Gravity") JSON: `framework.json` or `dipoles.json` with
 * `dipoles: [{ name, description, positive: { name, description, language_cues }, negative: {...} }]`,
 * or `wells: { <name>: { description | rich_description, language_cues, angle, weight } }`.
 * Its prompts had the model score every well (pole) independently from 0.0 to 1.0, and only then
 * placed the text on the map from the wells' angles and weights; so each well becomes one
 * dimension on 0..1, and a dipole's two wells keep their axis name and pole.
 */
export function isDiscernusLegacyJson(doc: unknown): doc is Record<string, unknown> {
  return (
    isRecord(doc) &&
    doc.discernus_framework === undefined &&
    (Array.isArray(doc.dipoles) || isRecord(doc.wells))
  );
}

/**
 * Maps an older Discernus framework to this format. `companion` is the `dipoles.json` that sat
 * beside a `framework.json` holding only the wells' geometry (descriptions lived in dipoles.json).
 */
export function fromDiscernusLegacyJson(doc: unknown, source: string, companion?: unknown): Framework {
  const issues = new IssueList();
  if (!isRecord(doc)) {
    issues.add("(top level)", "must be a JSON object with dipoles or wells.");
    throw new FrameworkInvalidError(source, issues.items);
  }
  const other = isRecord(companion) ? companion : {};
  const meta = isRecord(doc.framework_meta) ? doc.framework_meta : {};
  const pick = (...values: unknown[]) =>
    values.find((v): v is string => typeof v === "string" && v.trim() !== "");
  const dipoles = Array.isArray(doc.dipoles)
    ? doc.dipoles
    : Array.isArray(other.dipoles)
      ? other.dipoles
      : undefined;
  // When the dipoles come from dipoles.json, that file carries the framework's content; framework.json only its geometry.
  const content = dipoles && !Array.isArray(doc.dipoles) ? other : doc;
  const name =
    pick(content.display_name, content.name, content.framework_name, meta.display_name, meta.name) ??
    pick(doc.display_name, doc.name, doc.framework_name) ??
    "Imported Discernus framework";
  const dimensions = dipoles
    ? dipoles.flatMap((dipole, i) => dipoleDimensions(dipole, `dipoles[${i}]`, issues))
    : wellDimensions(doc.wells, issues);
  if (issues.items.length > 0) throw new FrameworkInvalidError(source, issues.items);

  const foundation = isRecord(doc.theoretical_foundation)
    ? doc.theoretical_foundation
    : meta.theoretical_foundation;
  const sources =
    isRecord(foundation) && Array.isArray(foundation.primary_sources) ? foundation.primary_sources : [];
  const citation = pick(sources.filter((s) => typeof s === "string").join(" "), meta.citation);
  const framework: Record<string, unknown> = {
    discernus_framework: FRAMEWORK_FORMAT,
    name,
    version: pick(content.version, meta.version, doc.version) ?? "1",
    description:
      pick(content.description, meta.description, doc.description) ??
      `Imported from the Discernus framework ${source}.`,
    instructions: legacyInstructions(doc),
    dimensions,
  };
  if (citation !== undefined) framework.citation = citation;
  return validateFramework(framework, source);
}

function dipoleDimensions(dipole: unknown, path: string, issues: IssueList): Dimension[] {
  if (!isRecord(dipole)) {
    issues.add(path, "must be an object with name, positive and negative.");
    return [];
  }
  const out: Dimension[] = [];
  for (const pole of ["positive", "negative"] as const) {
    const well = dipole[pole];
    if (!isRecord(well) || typeof well.name !== "string") {
      issues.add(
        `${path}.${pole}`,
        'missing or without a name; each dipole needs { "name", "description" } for both poles.',
      );
      continue;
    }
    const axisName = typeof dipole.name === "string" && dipole.name.trim() !== "" ? dipole.name : well.name;
    const dimension = wellDimension(well.name, well, `${path}.${pole}`, issues);
    if (dimension) out.push({ ...dimension, axis: { name: axisName, pole } });
  }
  return out;
}

function wellDimensions(wells: unknown, issues: IssueList): Dimension[] {
  if (!isRecord(wells)) return [];
  return Object.entries(wells).flatMap(([key, well]) => {
    const path = `wells["${key}"]`;
    if (!isRecord(well)) {
      issues.add(path, "must be an object.");
      return [];
    }
    const dimension = wellDimension(typeof well.name === "string" ? well.name : key, well, path, issues);
    return dimension ? [dimension] : [];
  });
}

function wellDimension(
  name: string,
  well: Record<string, unknown>,
  path: string,
  issues: IssueList,
): Dimension | undefined {
  const definition = [well.description, well.rich_description].find(
    (d): d is string => typeof d === "string" && d.trim() !== "",
  );
  if (definition === undefined) {
    issues.add(
      `${path}.description`,
      "missing; the older format kept well descriptions in dipoles.json beside framework.json: put that file there, or add a description.",
    );
    return undefined;
  }
  const dimension: Dimension = {
    id: toSnakeCase(name),
    name,
    definition,
    scale: { min: 0, max: 1 },
    // The older prompts' own calibration: 0.0-0.2 minimal or absent, 0.3-0.6 secondary, 0.7-1.0 dominant.
    anchors: {
      "0": `Absent: nothing in the text expresses ${name}.`,
      "0.5": `Secondary: ${name} is present but does not drive the text.`,
      "1": `Dominant: ${name} is one of the forces that most shape the text.`,
    },
    evidence: true,
  };
  const lexicon = flattenCues(well.language_cues);
  if (lexicon) dimension.lexicon = lexicon;
  return dimension;
}

/** language_cues were a list, or lists grouped by kind ({ direct_appeals: [...], ... }). */
function flattenCues(cues: unknown): Lexicon | undefined {
  const lists = Array.isArray(cues) ? [cues] : isRecord(cues) ? Object.values(cues) : [];
  const terms = lists.flatMap((list) => (Array.isArray(list) ? list : []));
  const unique = [...new Set(terms.filter((t): t is string => typeof t === "string" && t.trim() !== ""))];
  return unique.length > 0 ? unique : undefined;
}

function legacyInstructions(doc: Record<string, unknown>): string {
  const config = isRecord(doc.prompt_configuration) ? doc.prompt_configuration : {};
  const parts = [
    config.expert_role,
    config.analysis_focus ?? config.framework_context,
    doc.analysis_instructions,
    config.scoring_emphasis,
    config.evidence_requirements,
  ].filter((p): p is string => typeof p === "string" && p.trim() !== "");
  parts.push(
    "Score each dimension independently, from 0.0 (absent) to 1.0 (a dominant theme of the text), on the evidence of the text alone.",
  );
  const trimmed = parts.map((p) => p.trim());
  // Files often repeat one sentence in two places (analysis_instructions inside analysis_focus): keep it once.
  return trimmed
    .filter((p, i) => !trimmed.some((q, j) => j !== i && q.includes(p) && (q !== p || j < i)))
    .join("\n\n");
}
