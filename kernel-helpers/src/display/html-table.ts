import { escapeHtml } from "./escape-html.js";

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** An HTML table GitHub and nbviewer show as is (no scripts, no styles they strip). */
export function htmlTable(
  rows: readonly Record<string, unknown>[],
  maxRows = 40,
  total = rows.length,
): string {
  if (rows.length === 0) return "<p><em>no rows</em></p>";
  const columns = Object.keys(rows[0]!);
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = rows
    .slice(0, maxRows)
    .map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(cell(r[c]))}</td>`).join("")}</tr>`)
    .join("");
  const more = total > maxRows ? `<p><em>${total - maxRows} more rows</em></p>` : "";
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>${more}`;
}

/** The same table as plain text, for terminals and text-only viewers. */
export function textTable(
  rows: readonly Record<string, unknown>[],
  maxRows = 40,
  total = rows.length,
): string {
  if (rows.length === 0) return "(no rows)";
  const columns = Object.keys(rows[0]!);
  const shown = rows.slice(0, maxRows).map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.min(40, Math.max(c.length, ...shown.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [
    line(columns),
    ...shown.map(line),
    ...(total > maxRows ? [`... ${total - maxRows} more rows`] : []),
  ].join("\n");
}
