import { describe, expect, it } from "vitest";
import { canonicalJson } from "@discernus/gateway";
import { mulberry32 } from "@discernus/provider-sim";
import { isCanonicalLine } from "../src/read/is-canonical-line.js";

const KEYS = ["a", "b", "B", "10", "9", "0", "é", "z z", "cost", "\u2028", "ä"];

function randomValue(random: () => number, depth: number): unknown {
  const r = random();
  if (depth > 3 || r < 0.3) return [1.5, -0, 1e21, 'x"y\\', "é\n", true, null, 42][Math.floor(random() * 8)];
  if (r < 0.45) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (const key of KEYS) if (random() < 0.4) object[key] = randomValue(random, depth + 1);
  return object;
}

describe("isCanonicalLine", () => {
  it("agrees with re-serialising through canonicalJson on 5,000 random lines, canonical or not", () => {
    const random = mulberry32(21);
    let canonical = 0;
    for (let i = 0; i < 5_000; i++) {
      const value = randomValue(random, 0);
      // Insertion order (often unsorted), canonical order, or with whitespace.
      const variant = random();
      const text =
        variant < 0.4
          ? JSON.stringify(value)
          : variant < 0.9
            ? canonicalJson(value)
            : JSON.stringify(value, null, 1);
      const parsed: unknown = JSON.parse(text);
      const expected = canonicalJson(parsed) === text;
      if (expected) canonical++;
      expect(isCanonicalLine(parsed, text)).toBe(expected);
    }
    // Both outcomes must be exercised for the agreement to mean anything.
    expect(canonical).toBeGreaterThan(1_000);
    expect(canonical).toBeLessThan(4_500);
  });

  it("catches integer-like keys in numeric rather than sorted order", () => {
    const text = '{"10":1,"9":2}';
    expect(isCanonicalLine(JSON.parse(text), text)).toBe(true);
    const numeric = '{"9":2,"10":1}';
    expect(isCanonicalLine(JSON.parse(numeric), numeric)).toBe(false);
  });
});
