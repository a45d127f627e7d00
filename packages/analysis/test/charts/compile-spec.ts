import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import { parse, View, type Spec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "../../src/charts/index.js";

export interface CompiledChart {
  readonly vega: Spec;
  /** Everything vega-lite's logger reported below an error: warnings, infos. */
  readonly messages: string[];
}

/** Compiles with vega-lite's own compiler, collecting what its logger says instead of printing it. */
export function compileChart(spec: VegaLiteSpec): CompiledChart {
  const messages: string[] = [];
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    warn: (...args: readonly unknown[]) => (messages.push(`warn: ${args.join(" ")}`), logger),
    info: (...args: readonly unknown[]) => (messages.push(`info: ${args.join(" ")}`), logger),
    debug: () => logger,
    error: (...args: readonly unknown[]) => {
      throw new Error(`vega-lite error: ${args.join(" ")}`);
    },
  };
  const { spec: vega } = compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  return { vega, messages };
}

const require = createRequire(import.meta.url);
// ajv 6 is the JSON-schema validator already in node_modules; the schema is draft-07, which it reads.
const schema = JSON.parse(readFileSync(require.resolve("vega-lite/vega-lite-schema.json"), "utf8")) as object;
const validateSchema = new Ajv({ allErrors: false })
  // vega-lite's schema names this format without defining it; its own tests register it the same way.
  .addFormat("color-hex", /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i)
  .compile(schema);

/** The schema errors of a spec, empty when it validates. */
export function schemaErrors(spec: VegaLiteSpec): string[] {
  if (validateSchema(spec)) return [];
  return (validateSchema.errors ?? []).map((error) => `${error.dataPath} ${error.message}`);
}

/** Runs a vega-lite spec in a headless vega view: what the notebook would draw, without a browser. */
export async function runChart(spec: VegaLiteSpec): Promise<{ view: View; vega: Spec }> {
  const { vega } = compileChart(spec);
  const view = new View(parse(vega), { renderer: "none" });
  await view.runAsync();
  return { view, vega };
}

interface VegaMark {
  readonly type: string;
  readonly from?: { readonly data?: string };
  readonly marks?: readonly VegaMark[];
}

function flatMarks(vega: Spec): VegaMark[] {
  const flat: VegaMark[] = [];
  const walk = (marks: readonly VegaMark[] | undefined) => {
    for (const mark of marks ?? []) {
      if (mark.type !== "group") flat.push(mark);
      walk(mark.marks);
    }
  };
  walk(vega.marks as readonly VegaMark[] | undefined);
  return flat;
}

/** The mark types the compiled spec draws, flattened through groups (facets, layers, concatenation). */
export function markTypes(vega: Spec): string[] {
  return flatMarks(vega).map((mark) => mark.type);
}

/** The data a view's first mark of `type` draws, after every transform (e.g. vega-lite's aggregates). */
export function drawnData(view: View, vega: Spec, type: string): Record<string, unknown>[] {
  const mark = flatMarks(vega).find(
    (candidate) => candidate.type === type && candidate.from?.data !== undefined,
  );
  if (mark?.from?.data === undefined) throw new Error(`no ${type} mark drawn from a dataset`);
  return view.data(mark.from.data) as Record<string, unknown>[];
}

/** The spec's inlined `data.values`. */
export function inlinedValues<T>(spec: VegaLiteSpec): T[] {
  return (spec.data as { values: T[] }).values;
}
