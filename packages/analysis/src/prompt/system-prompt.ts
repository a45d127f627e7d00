import type { Dimension, Framework } from "../framework/framework.js";
import { isLabelScale, quoteList, sortedAnchors } from "../framework/scale.js";
import { describeScale } from "./describe-scale.js";

/**
 * The system message for a framework. A pure function of the framework, with nothing variable in
 * it (no date, no ids), so equal frameworks give byte-equal prompts and the gateway's cache key
 * and the providers' prompt caches stay stable across texts and runs.
 */
export function buildSystemPrompt(framework: Framework): string {
  const anyEvidence = framework.dimensions.some((d) => d.evidence);
  const anyLexicon = framework.dimensions.some((d) => d.lexicon !== undefined);
  const rules = ["Score every dimension below independently, on the evidence of the text alone."];
  if (anyEvidence) {
    rules.push(
      "Where evidence is asked for, quote the passage of the text that best supports the score, verbatim and short (at most about 30 words), or give an empty string if the text offers none.",
    );
  }
  if (anyLexicon) {
    rules.push(
      "The listed terms illustrate each dimension; they are not a checklist. Score what the text means, not how often a term appears.",
    );
  }
  rules.push(
    "Give your answer only in the structured format requested, with an entry for every dimension id.",
  );
  const lines = [
    `You score one text at a time with the analysis framework "${framework.name}" (version ${framework.version}).`,
    "",
    framework.instructions,
    "",
    ...rules,
    "",
    "Dimensions:",
  ];
  for (const dimension of framework.dimensions) lines.push("", ...dimensionSection(dimension));
  return lines.join("\n");
}

function dimensionSection(d: Dimension): string[] {
  const lines = [
    `## ${d.name} (id: ${d.id})`,
    `Definition: ${d.definition}`,
    `Score: ${describeScale(d.scale)}.`,
  ];
  lines.push("Anchors:", ...sortedAnchors(d.scale, d.anchors).map(([score, text]) => `- ${score}: ${text}`));
  if (Array.isArray(d.lexicon)) {
    lines.push(`Indicative terms: ${quoteList(d.lexicon)}.`);
  } else if (d.lexicon) {
    if (d.lexicon.positive?.length)
      lines.push(`Terms that point towards it: ${quoteList(d.lexicon.positive)}.`);
    if (d.lexicon.negative?.length)
      lines.push(`Terms that point away from it: ${quoteList(d.lexicon.negative)}.`);
  }
  if (d.axis)
    lines.push(`This is the ${d.axis.pole} pole of the axis "${d.axis.name}"; score it on its own.`);
  lines.push(d.evidence ? "Evidence: a supporting quotation." : "Evidence: not asked for this dimension.");
  if (isLabelScale(d.scale)) lines.push(`Answer with the label itself, exactly as written.`);
  return lines;
}
