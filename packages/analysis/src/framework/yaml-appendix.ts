const START_MARKER = /Start of Machine-Readable Appendix/i;
const END_MARKER = /End of Machine-Readable Appendix/i;
const YAML_FENCE = /^\s*```\s*ya?ml\s*$/i;
const CLOSING_FENCE = /^\s*```\s*$/;

/**
 * The YAML texts that may hold a Discernus framework.md's machine-readable part, most likely
 * first. Real files (spec v10) put it in a ```yaml block, or between "# --- Start of
 * Machine-Readable Appendix ---" and "# --- End ... ---" lines without a fence, or open a fence
 * and end with the marker before (or instead of) closing it: each fenced block runs to its
 * closing fence or the end marker, and the marked region is tried too.
 */
export function yamlAppendixCandidates(markdown: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const candidates: string[] = [];
  const take = (from: number) => {
    const block: string[] = [];
    for (let j = from; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (CLOSING_FENCE.test(line) || END_MARKER.test(line)) break;
      if (!YAML_FENCE.test(line) && !START_MARKER.test(line)) block.push(line);
    }
    return block.join("\n");
  };
  lines.forEach((line, i) => {
    if (YAML_FENCE.test(line)) candidates.push(take(i + 1));
  });
  const start = lines.findIndex((line) => START_MARKER.test(line));
  if (start >= 0) {
    // Skip a fence that opens right after the marker: take() stops at closing fences, not opening ones.
    candidates.push(take(start + 1));
  }
  return candidates.filter((c) => c.trim() !== "");
}
