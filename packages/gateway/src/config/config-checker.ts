import { ConfigInvalidError } from "../errors.js";
import { didYouMean } from "./did-you-mean.js";
import { looksLikeSecret, quoteSafely } from "./looks-like-secret.js";

export type JsonObject = Record<string, unknown>;

/** Field names under which people paste credentials; the value is never echoed. */
const CREDENTIAL_FIELD = /^(api[-_]?key|key|token|secret|password|authorization|auth)$/i;

/** A JSON path segment; a name that looks like a key is not repeated in the path either. */
export function pathOf(parent: string, name: string): string {
  const safe = looksLikeSecret(name) ? "<redacted>" : name;
  return parent ? `${parent}.${safe}` : safe;
}

/**
 * Small checks that throw ConfigInvalidError with the JSON path of the field and a message naming
 * the file, what is wrong and how to fix it. Values are quoted only through quoteSafely.
 */
export class ConfigChecker {
  constructor(readonly source: string) {}

  fail(field: string, problem: string, fix: string): never {
    const sentence = /[.?!]$/.test(problem) ? problem : `${problem}.`;
    throw new ConfigInvalidError(field, `${sentence} ${fix} (in ${this.source})`);
  }

  object(value: unknown, field: string, example: string): JsonObject {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.fail(
        field,
        `is ${value === undefined ? "missing" : `not an object (got ${quoteSafely(value)})`}`,
        `Write it as ${example}.`,
      );
    }
    return value as JsonObject;
  }

  onlyKnownFields(obj: JsonObject, known: readonly string[], parent: string): void {
    for (const name of Object.keys(obj)) {
      if (known.includes(name)) continue;
      const field = pathOf(parent, name);
      if (CREDENTIAL_FIELD.test(name)) {
        this.fail(
          field,
          "looks like a credential",
          "Keys never go in the config file: put the key in an environment variable and name that variable in the provider's apiKeyEnv.",
        );
      }
      const near = didYouMean(name, known);
      this.fail(
        field,
        `is not a known setting${near ? `; did you mean "${near}"?` : ""}`,
        `Known settings here: ${known.join(", ")}.`,
      );
    }
  }

  /** A finite number >= min (and > min when `exclusive`), whole when `integer`; undefined passes. */
  number(
    value: unknown,
    field: string,
    opts: { min: number; exclusive?: boolean; integer?: boolean; example: string },
  ): void {
    if (value === undefined) return;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      (opts.exclusive ? value > opts.min : value >= opts.min) &&
      (!opts.integer || Number.isInteger(value));
    if (!ok) {
      const wanted = `a ${opts.integer ? "whole " : ""}number ${opts.exclusive ? "above" : "of at least"} ${opts.min}`;
      this.fail(field, `must be ${wanted}, got ${quoteSafely(value)}`, `For example: ${opts.example}.`);
    }
  }
}
