import { createHash } from "node:crypto";
import { canonicalJson } from "@discernus/gateway";
import type { Framework } from "./framework.js";

/**
 * sha256 (hex) of the framework's canonical JSON: the same framework gives the same hash whatever
 * its key order or formatting, and any change of wording gives another. The ledger records it with
 * each run. Hash a validated framework, so defaults are filled in the same way.
 */
export function frameworkHash(framework: Framework): string {
  return createHash("sha256").update(canonicalJson(framework)).digest("hex");
}
