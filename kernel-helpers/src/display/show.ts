import type { VegaLiteSpec } from "@discernus/analysis";
import { htmlTable, textTable } from "./html-table.js";
import { kernelDisplay, type OutputBundle } from "./kernel-display.js";

export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

type Tabular = { objects(): Record<string, unknown>[] };

function isVegaLite(value: unknown): value is VegaLiteSpec {
  return (
    typeof value === "object" &&
    value !== null &&
    String((value as { $schema?: unknown }).$schema).includes("vega-lite")
  );
}

/** The rows a spec inlines (top level, or the first layer or view that has some): the fallback shows them. */
function inlineData(spec: Record<string, unknown>): Record<string, unknown>[] {
  const values = (spec.data as { values?: unknown } | undefined)?.values;
  if (Array.isArray(values)) return values as Record<string, unknown>[];
  const parts = ["layer", "hconcat", "vconcat", "concat"].flatMap(
    (k) => (spec[k] as unknown[] | undefined) ?? [],
  );
  for (const part of [...parts, spec.spec].filter(Boolean)) {
    const found = inlineData(part as Record<string, unknown>);
    if (found.length > 0) return found;
  }
  return [];
}

/** A chart or a table as one output, with an HTML and a text fallback for viewers that know neither. */
export function outputFor(
  value: VegaLiteSpec | Tabular | readonly object[],
  metadata?: Record<string, unknown>,
): OutputBundle {
  if (isVegaLite(value)) {
    const data = inlineData(value);
    const title =
      typeof value.title === "string"
        ? value.title
        : String((value.title as { text?: unknown } | undefined)?.text ?? "chart");
    return {
      data: {
        [VEGA_LITE_MIME]: value,
        "text/html": `<p><em>${title}</em> (a vega-lite chart: open the notebook in JupyterLab to see it; its data:)</p>${htmlTable(data, 20)}`,
        "text/plain": `${title}: vega-lite chart with ${data.length} data rows`,
      },
      ...(metadata ? { metadata } : {}),
    };
  }
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : (value as Tabular).objects();
  return {
    data: { "text/html": htmlTable(rows), "text/plain": textTable(rows) },
    ...(metadata ? { metadata } : {}),
  };
}

/** Shows a vega-lite spec, an arquero table or an array of rows in the cell. */
export function show(value: VegaLiteSpec | Tabular | readonly object[]): void {
  kernelDisplay().show(outputFor(value));
}
