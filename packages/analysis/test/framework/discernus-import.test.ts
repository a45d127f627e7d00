import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fromDiscernusMarkdown, FrameworkInvalidError, loadFramework } from "../../src/framework/index.js";

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

describe("loading an older Discernus framework.json (dipoles and wells)", () => {
  it("maps each well of each dipole to a 0..1 dimension that keeps its axis and cues", async () => {
    const framework = await loadFramework(fixture("discernus-dipoles/framework.json"));
    expect(framework.name).toBe("Civic Test Framework");
    expect(framework.version).toBe("v2025.06.17");
    expect(framework.citation).toBe(
      "Aristotle. Nicomachean Ethics. Book VI. Putnam, R. (2000). Bowling Alone.",
    );
    expect(framework.dimensions.map((d) => [d.id, d.axis?.name, d.axis?.pole])).toEqual([
      ["dignity", "Identity", "positive"],
      ["tribalism", "Identity", "negative"],
      ["truth", "Integrity", "positive"],
      ["manipulation", "Integrity", "negative"],
    ]);
    const [dignity, tribalism] = framework.dimensions;
    expect(dignity!.definition).toBe(
      "Affirms individual moral worth and universal rights, regardless of group identity.",
    );
    expect(dignity!.scale).toEqual({ min: 0, max: 1 });
    expect(Object.keys(dignity!.anchors).sort()).toEqual(["0", "0.5", "1"]);
    // Cues grouped by kind are flattened in order; a plain list is kept.
    expect(dignity!.lexicon).toEqual([
      "equal dignity",
      "inherent worth",
      "regardless of background",
      "common humanity",
    ]);
    expect(tribalism!.lexicon).toEqual(["real Americans", "our people", "they don't belong"]);
    expect(framework.instructions).toMatch(/^You are an expert political analyst/);
    expect(framework.instructions).toMatch(/Evaluate how the text demonstrates civic virtues/);
    expect(framework.instructions).toMatch(/from 0\.0 \(absent\) to 1\.0/);
  });

  it("reads the descriptions from dipoles.json beside a framework.json that holds only the wells", async () => {
    const framework = await loadFramework(fixture("discernus-split/framework.json"));
    expect(framework.name).toBe("Moral Test Framework");
    expect(framework.dimensions.map((d) => [d.id, d.definition])).toEqual([
      ["hope", "Offers grounded optimism with realistic paths forward."],
      ["fear", "Focuses on threat and loss, often exaggerating danger to justify reaction or control."],
    ]);
  });

  it("says where the well descriptions were expected when dipoles.json is absent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "discernus-wells-"));
    const path = join(dir, "framework.json");
    await writeFile(path, await readFile(fixture("discernus-split/framework.json")));
    const error = await loadFramework(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FrameworkInvalidError);
    expect((error as FrameworkInvalidError).message).toContain(path);
    expect((error as FrameworkInvalidError).issues.map((i) => i.path)).toEqual([
      'wells["Hope"].description',
      'wells["Fear"].description',
    ]);
    expect((error as FrameworkInvalidError).issues[0]!.message).toMatch(
      /dipoles\.json beside framework\.json/,
    );
  });
});

describe("loading a Discernus framework.md (spec v10, YAML appendix)", () => {
  it("maps dimensions, calibration, markers and the default prompt", async () => {
    const framework = await loadFramework(fixture("discernus-v10/framework.md"));
    expect(framework.name).toBe("Populist Test Framework (PTF) v10.0");
    expect(framework.version).toBe("10.0.2");
    expect(framework.description).toBe(
      "A two-dimension test framework measuring people-elite framing and popular sovereignty claims in political speech.",
    );
    expect(framework.instructions).toBe(
      "You are an expert populist discourse analyst.\nScore each dimension independently based on textual evidence.",
    );
    expect(framework.dimensions.map((d) => [d.id, d.name])).toEqual([
      ["manichaean_people_elite_framing", "Manichaean people elite framing"],
      ["popular_sovereignty_claims", "Popular sovereignty claims"],
    ]);
    const [manichaean, sovereignty] = framework.dimensions;
    expect(manichaean!.scale).toEqual({ min: 0, max: 1 });
    expect(manichaean!.anchors).toEqual({
      "0": "0.0: No people-elite moral dichotomy or corruption claims",
      "0.2": "0.1-0.3: Weak people-elite hints, minimal moral dichotomy",
      "0.5": "0.4-0.6: Moderate people-elite framing, some moral contrast, implied corruption",
      "1": "0.7-1.0: Strong moral dichotomy, clear us-vs-them rhetoric, explicit corruption claims",
    });
    expect(manichaean!.lexicon).toEqual({
      positive: ["moral corruption attributions", "people virtue construction"],
      negative: ["competence-based criticism"],
    });
    expect(manichaean!.definition).toBe(
      [
        "Moral dichotomy between pure, virtuous people and corrupt, self-serving elites.",
        "Distinguish: Both dimensions can be present; score each independently based on textual evidence.",
        'Boundary cases: "out of touch" (depends on whether it implies moral corruption vs. disconnect).',
      ].join("\n"),
    );
    expect(sovereignty!.lexicon).toEqual({
      positive: ["the people decide", "will of the people"],
      negative: ["constitutional process"],
    });
    expect(framework.dimensions.every((d) => d.evidence)).toBe(true);
  });

  it("reads an unfenced appendix, dimensions given as a map and calibration keyed by range", async () => {
    const framework = await loadFramework(fixture("discernus-v10-unfenced/framework.md"));
    expect(framework.description).toBe("Measures care and fairness appeals in moral discourse.");
    expect(framework.dimensions.map((d) => d.id)).toEqual(["care", "fairness"]);
    const [care, fairness] = framework.dimensions;
    expect(care!.definition).toBe(
      "Compassion, protection, suffering prevention.\nDistinguish: Care focuses on nurturing and protection.",
    );
    expect(care!.anchors).toEqual({
      "0": "0.0: No care appeals detected",
      "0.2": "0.1-0.3: Minimal care language",
      "0.55": "0.4-0.7: Moderate care appeals",
      "1": "0.8-1.0: Extensive care language throughout, central to message",
    });
    // An end the file leaves uncalibrated is described plainly, and marked as added.
    expect(fairness!.anchors["0"]).toMatch(/\(Added on import\.\)$/);
    expect(fairness!.anchors["1"]).toBe("0.8-1.0 - Extensive fairness language");
  });

  it("says what is missing when a markdown file has no machine-readable appendix", () => {
    const error = (() => {
      try {
        fromDiscernusMarkdown("# A framework\n\nJust prose.\n", "frameworks/prose.md");
      } catch (e) {
        return e as FrameworkInvalidError;
      }
    })();
    expect(error).toBeInstanceOf(FrameworkInvalidError);
    expect(error!.message).toMatch(
      /^frameworks\/prose\.md: .*\n {2}- \(YAML appendix\): no machine-readable appendix/,
    );
  });
});

describe("loadFramework", () => {
  it("names the file and the position of a JSON syntax error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "discernus-json-"));
    const path = join(dir, "broken.json");
    await writeFile(path, '{ "discernus_framework": 1, }');
    const error = (await loadFramework(path).catch((e: unknown) => e)) as FrameworkInvalidError;
    expect(error).toBeInstanceOf(FrameworkInvalidError);
    expect(error.message).toContain(`${path}: the framework is invalid:`);
    expect(error.issues[0]!.path).toBe("(file)");
    expect(error.issues[0]!.message).toMatch(/is not valid JSON/);
  });
});
