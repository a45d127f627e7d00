import { describe, expect, it } from "vitest";
import { frameworkHash, validateFramework } from "../../src/framework/index.js";
import { sampleFramework } from "./framework-fixture.js";

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe("frameworkHash", () => {
  it("is stable under key order, formatting and filled defaults", () => {
    const reordered = JSON.stringify(reverseKeys(sampleFramework()), null, 2);
    expect(JSON.stringify(JSON.parse(reordered))).not.toBe(JSON.stringify(sampleFramework()));
    const a = validateFramework(sampleFramework());
    const b = validateFramework(JSON.parse(reordered));
    expect(frameworkHash(b)).toBe(frameworkHash(a));
    const explicit = sampleFramework();
    (explicit.dimensions as Record<string, unknown>[])[0]!.evidence = true;
    expect(frameworkHash(validateFramework(explicit))).toBe(frameworkHash(a));
  });

  it("changes when a word of a definition changes", () => {
    const changed = sampleFramework();
    (changed.dimensions as Record<string, unknown>[])[0]!.definition = "Elites portrayed as corrupt.";
    expect(frameworkHash(validateFramework(changed))).not.toBe(
      frameworkHash(validateFramework(sampleFramework())),
    );
  });
});
