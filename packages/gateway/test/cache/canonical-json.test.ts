import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/cache/canonical-json.js";

describe("canonicalJson", () => {
  it("gives the same bytes whatever the key order, at every depth", () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: "s" } });
    const b = canonicalJson({ a: { c: "s", d: [1, { x: 1, y: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"s","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it("keeps array order significant", () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it("drops undefined members as JSON.stringify does, and writes null for undefined array items", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson([undefined, 1])).toBe("[null,1]");
  });

  it("escapes strings and keys like JSON", () => {
    expect(canonicalJson({ 'k"': 'line\n"q"' })).toBe('{"k\\"":"line\\n\\"q\\""}');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -Infinity])("refuses the non-finite number %d", (n) => {
    expect(() => canonicalJson({ t: n })).toThrow(TypeError);
  });

  it("refuses values with no JSON form", () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });
});
