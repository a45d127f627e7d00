import { createRequire } from "node:module";
import type { PriceSource } from "../types.js";

/** The keyless instruments of the `local` provider kind, and the npm package behind each. */
export const LOCAL_MODEL_PACKAGES = {
  vader: "vader-sentiment",
  afinn: "sentiment",
} as const;

export type LocalModelId = keyof typeof LOCAL_MODEL_PACKAGES;

export const LOCAL_MODEL_IDS = Object.keys(LOCAL_MODEL_PACKAGES) as LocalModelId[];

export function isLocalModelId(model: string): model is LocalModelId {
  return Object.hasOwn(LOCAL_MODEL_PACKAGES, model);
}

const versions = new Map<string, string>();

function packageVersion(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    // Both packages export their package.json (no "exports" map), unlike the price catalog.
    version = (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
    versions.set(name, version);
  }
  return version;
}

/**
 * The price source of a local instrument: free by nature, and the ledger records which release of
 * the scoring package (its lexicon) produced the numbers, e.g. `"vader-sentiment@1.1.3"`.
 */
export function localPriceSource(model: LocalModelId): PriceSource {
  const pkg = LOCAL_MODEL_PACKAGES[model];
  return { name: "local", version: `${pkg}@${packageVersion(pkg)}` };
}
