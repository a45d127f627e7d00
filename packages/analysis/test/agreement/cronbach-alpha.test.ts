import { describe, expect, it } from "vitest";
import { cronbachAlpha, intraclassCorrelations } from "../../src/agreement/index.js";
import { SHROUT_FLEISS_1979 } from "./published-data.js";

describe("cronbachAlpha", () => {
  it("equals ICC(3,k) = 1 - EMS/BMS (Hoyt 1941) on Shrout & Fleiss (1979) Table 2: published .91", () => {
    const alpha = cronbachAlpha(SHROUT_FLEISS_1979).alpha!;
    expect(alpha.toFixed(2)).toBe("0.91");
    expect(alpha).toBeCloseTo(intraclassCorrelations(SHROUT_FLEISS_1979).forms["ICC(3,k)"].value!, 12);
  });

  it("matches a hand computation: items var 5/3 each, total var 16/3, so alpha = 2 (1 - (10/3)/(16/3)) = 0.75", () => {
    expect(
      cronbachAlpha([
        [1, 2],
        [2, 1],
        [3, 4],
        [4, 3],
      ]).alpha,
    ).toBeCloseTo(0.75, 12);
  });

  it("drops incomplete units and counts them", () => {
    const result = cronbachAlpha([
      [1, 2],
      [2, 1],
      [3, 4],
      [4, 3],
      [5, null],
    ]);
    expect(result.alpha).toBeCloseTo(0.75, 12);
    expect(result.droppedUnits).toBe(1);
    expect(result.completeUnits).toBe(4);
  });

  it("is undefined when the unit totals do not vary", () => {
    expect(
      cronbachAlpha([
        [1, 3],
        [2, 2],
        [3, 1],
      ]).alpha,
    ).toBeUndefined();
  });
});
