import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { frameworkHash, loadFramework } from "../../src/framework/index.js";

const notebooks = (name: string) =>
  fileURLToPath(new URL(`../../../../notebooks/frameworks/${name}`, import.meta.url));

describe("the frameworks shipped with the notebooks", () => {
  it("populism-pluralism.json validates, with its literature cited", async () => {
    const framework = await loadFramework(notebooks("populism-pluralism.json"));
    expect(framework.dimensions.map((d) => d.id)).toEqual([
      "people_centrism",
      "anti_elitism",
      "popular_sovereignty",
      "manichaean_outlook",
      "pluralism",
      "populism_holistic",
    ]);
    expect(framework.citation).toMatch(/Mudde, C\. \(2004\)/);
    expect(framework.citation).toMatch(/Hawkins, K\. A\. \(2009\)/);
    expect(frameworkHash(framework)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("affect.json validates, with a numeric, a label and two step scales", async () => {
    const framework = await loadFramework(notebooks("affect.json"));
    expect(framework.dimensions.map((d) => d.id)).toEqual(["valence", "arousal", "hope", "fear"]);
    expect(framework.dimensions[0]!.scale).toEqual({ min: -1, max: 1 });
    expect(framework.dimensions[1]!.scale).toEqual(["very low", "low", "moderate", "high", "very high"]);
    expect(framework.dimensions.every((d) => d.evidence && d.lexicon !== undefined)).toBe(true);
  });
});
