import { ProviderError } from "../errors.js";

/** Objects of a JSONL text, one a line; a line that does not parse is a provider fault naming `where`. */
export function parseJsonl(text: string, provider: string, where: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (cause) {
      row = cause;
    }
    if (typeof row !== "object" || row === null || Array.isArray(row) || row instanceof Error)
      throw new ProviderError(
        "malformed_response",
        provider,
        `${where}: line ${i + 1} is not a JSON object, so its item cannot be read. Download the file again; if it persists, the provider sent it broken.`,
        { retryable: true, ...(row instanceof Error ? { cause: row } : {}) },
      );
    rows.push(row as Record<string, unknown>);
  }
  return rows;
}
