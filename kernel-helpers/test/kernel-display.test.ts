import { describe, expect, it } from "vitest";
import { kernelDisplay, type OutputBundle } from "@discernus/kernel-helpers";

describe("kernel outputs", () => {
  it("mark their HTML as no place for TeX, so dollar amounts are not typeset as formulas", () => {
    const shown: OutputBundle[] = [];
    const display = kernelDisplay((bundle) => shown.push(bundle));
    display.show({ data: { "text/html": "<p>cost $0.09, re-run at $0</p>", "text/plain": "cost $0.09" } });
    display.live().update({ data: { "text/plain": "no html" } });
    expect(shown[0]?.data["text/html"]).toBe(
      '<div class="mathjax_ignore tex2jax_ignore"><p>cost $0.09, re-run at $0</p></div>',
    );
    expect(shown[0]?.data["text/plain"]).toBe("cost $0.09");
    expect(shown[1]?.data).toEqual({ "text/plain": "no html" });
  });
});
