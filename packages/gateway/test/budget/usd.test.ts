import { describe, expect, it } from "vitest";
import { formatUsd, nanoUsdToUsd, usdToNanoUsd } from "../../src/budget/usd.js";

describe("usd", () => {
  it("converts dollars to whole nano-dollars and back", () => {
    expect(usdToNanoUsd(5)).toBe(5_000_000_000);
    expect(usdToNanoUsd(0.000_000_000_4)).toBe(0);
    expect(usdToNanoUsd(0.000_000_000_6)).toBe(1);
    expect(nanoUsdToUsd(usdToNanoUsd(2.5))).toBe(2.5);
  });

  it("formats cheap amounts with six decimals, dollars with two, and a refund with its sign", () => {
    expect(formatUsd(150)).toBe("$0.000000");
    expect(formatUsd(2_500)).toBe("$0.000003");
    expect(formatUsd(999_999_999)).toBe("$1.00");
    expect(formatUsd(1_005_000_000)).toBe("$1.00");
    expect(formatUsd(-1_500_000)).toBe("-$0.001500");
  });
});
