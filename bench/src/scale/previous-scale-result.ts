import { readFileSync } from "node:fs";
import { RESULTS_PATH } from "../results-file.js";
import type { ScaleResult } from "./scale-bench.js";

/** `--batch-only` was asked without an interactive scale run in bench/results/latest.json. */
export class NoPreviousScaleRunError extends Error {
  constructor() {
    super(
      "--batch-only keeps the interactive figures of an earlier scale run, but bench/results/latest.json " +
        "holds none: run --only scale without --batch-only first.",
    );
    this.name = "NoPreviousScaleRunError";
  }
}

/** The scale section of bench/results/latest.json (its interactive figures are kept by --batch-only). */
export function previousScaleResult(path = RESULTS_PATH): ScaleResult {
  let scale: ScaleResult | undefined;
  try {
    scale = (JSON.parse(readFileSync(path, "utf8")) as { scale?: ScaleResult }).scale;
  } catch {
    // No results file yet: reported below as no earlier run.
  }
  if (scale?.texts === undefined) throw new NoPreviousScaleRunError();
  return scale;
}
