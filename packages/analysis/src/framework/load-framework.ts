import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fromDiscernusLegacyJson, isDiscernusLegacyJson } from "./discernus-legacy-json.js";
import { fromDiscernusMarkdown } from "./discernus-markdown.js";
import type { Framework } from "./framework.js";
import { FrameworkInvalidError } from "./framework-invalid-error.js";
import { validateFramework } from "./validate-framework.js";

/**
 * Reads a framework file: this format's .json, an older Discernus framework.json / dipoles.json
 * (dipoles and wells), or a Discernus framework.md (spec v10, YAML appendix). Throws
 * FrameworkInvalidError naming the file, each field at fault and the fix.
 */
export async function loadFramework(path: string): Promise<Framework> {
  const text = await readFile(path, "utf8");
  if (/\.(md|markdown)$/i.test(path)) return fromDiscernusMarkdown(text, path);
  const doc = parseJson(text, path);
  if (isDiscernusLegacyJson(doc)) {
    // A framework.json with wells but no dipoles kept its descriptions in dipoles.json beside it.
    const companion =
      doc.dipoles === undefined ? await readJsonIfPresent(join(dirname(path), "dipoles.json")) : undefined;
    return fromDiscernusLegacyJson(doc, path, companion);
  }
  return validateFramework(doc, path);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FrameworkInvalidError(source, [
      { path: "(file)", message: `is not valid JSON (${why}); fix the syntax at that position.` },
    ]);
  }
}

async function readJsonIfPresent(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  return parseJson(text, path);
}
