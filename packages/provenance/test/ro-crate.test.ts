import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, DiscernusError } from "@discernus/gateway";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CrateExistsError,
  CrateLedgerMissingError,
  CrateLedgerUnverifiedError,
  PROCESS_RUN_CRATE_PROFILE,
  writeRoCrate,
  type JsonLdEntity,
  type RoCrateMetadata,
} from "../src/index.js";
import { corpusText, startLedgerHarness, TEST_KEY, type LedgerHarness } from "./ledger-fixture.js";

/** A framework as a file: its canonical-JSON sha256 is what the run records name. */
const FRAMEWORK = { name: "populism", dimensions: [{ id: "populism", min: 0, max: 1 }] };
const FRAMEWORK_HASH = createHash("sha256").update(canonicalJson(FRAMEWORK)).digest("hex");
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"];
const DIGEST = "d".repeat(64);
const TOOLS = { "@discernus/gateway": "0.1.0", node: "22.12.0" };

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

let harness: LedgerHarness;
let notebook: string;

beforeEach(async () => {
  harness = await startLedgerHarness();
  notebook = join(harness.dir, "study.ipynb");
  writeFileSync(notebook, `${JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 })}\n`);
  writeFileSync(join(harness.dir, "populism.json"), JSON.stringify(FRAMEWORK, null, 2));
  const { gateway, ledger } = await harness.kernel({ tools: TOOLS });
  await ledger.recordRun({
    run: "run-1",
    phase: "start",
    framework: FRAMEWORK_HASH,
    models: MODELS,
    items: 2,
  });
  let costNanoUsd = 0;
  for (const model of MODELS)
    for (const i of [1, 2]) {
      const answer = await gateway.complete({
        model,
        messages: [{ role: "user", content: corpusText(i) }],
        maxTokens: 16,
        tags: { run: "run-1" },
      });
      costNanoUsd += answer.cost.totalNanoUsd;
    }
  await ledger.recordRun({
    run: "run-1",
    phase: "end",
    digest: DIGEST,
    totals: { calls: 4, cacheHits: 0, failed: 0, costNanoUsd },
  });
  await ledger.close();
});
afterEach(() => harness.close());

const byId = (crate: RoCrateMetadata) => new Map(crate["@graph"].map((e) => [e["@id"], e]));

/** Every `{"@id": ...}` anywhere under `value`. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (typeof value !== "object" || value === null) return [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && typeof (value as { "@id"?: unknown })["@id"] === "string")
    return [(value as { "@id": string })["@id"]];
  return entries.filter(([key]) => key !== "@id").flatMap(([, v]) => references(v));
}

const asList = (v: unknown) => (Array.isArray(v) ? v : [v]) as { "@id": string }[];

describe("writeRoCrate", () => {
  it("describes the notebook, ledger, runs, software and framework as a Process Run Crate", async () => {
    const { path, metadata } = await writeRoCrate(notebook, {
      frameworkFiles: [join(harness.dir, "populism.json")],
      corpus: { name: "State of the Union openings", identifier: "https://doi.org/10.0000/sotu" },
      datePublished: "2026-12-02",
    });
    expect(path).toBe(join(harness.dir, "ro-crate-metadata.json"));
    const crate = JSON.parse(readFileSync(path, "utf8")) as RoCrateMetadata;
    expect(crate).toEqual(metadata);
    expect(crate["@context"]).toBe("https://w3id.org/ro/crate/1.1/context");
    const entities = byId(crate);

    expect(entities.get("ro-crate-metadata.json")).toEqual({
      "@id": "ro-crate-metadata.json",
      "@type": "CreativeWork",
      conformsTo: [{ "@id": "https://w3id.org/ro/crate/1.1" }, { "@id": PROCESS_RUN_CRATE_PROFILE }],
      about: { "@id": "./" },
    });
    const root = entities.get("./")!;
    expect(root).toMatchObject({
      "@type": "Dataset",
      datePublished: "2026-12-02",
      license: { "@id": "https://spdx.org/licenses/CC-BY-4.0" },
      conformsTo: { "@id": PROCESS_RUN_CRATE_PROFILE },
    });
    expect(asList(root.hasPart).map((p) => p["@id"])).toEqual([
      "study.ipynb",
      "study.provenance.jsonl",
      "populism.json",
    ]);
    expect(entities.get("study.ipynb")).toMatchObject({
      "@type": "File",
      encodingFormat: "application/x-ipynb+json",
      sha256: sha256(notebook),
    });
    expect(entities.get("study.provenance.jsonl")).toMatchObject({
      "@type": "File",
      encodingFormat: "application/jsonl",
      sha256: sha256(harness.ledgerPath),
      contentSize: String(readFileSync(harness.ledgerPath).length),
    });
    expect(entities.get(PROCESS_RUN_CRATE_PROFILE)).toMatchObject({ "@type": "CreativeWork" });

    const actions = crate["@graph"].filter((e) => e["@type"] === "CreateAction");
    expect(actions).toHaveLength(1);
    const [action] = actions as [JsonLdEntity];
    expect(asList(root.mentions)).toEqual([{ "@id": action["@id"] }]);
    expect(Date.parse(action.startTime as string)).toBeLessThanOrEqual(Date.parse(action.endTime as string));
    const instrument = asList(action.instrument).map((r) => entities.get(r["@id"])!);
    expect(instrument.filter((e) => e["@type"] === "SoftwareApplication").map((e) => e.name)).toEqual(
      expect.arrayContaining([...Object.keys(TOOLS), ...MODELS]),
    );
    expect(asList(action.object).map((r) => r["@id"])).toEqual(["#corpus", `#framework-${FRAMEWORK_HASH}`]);
    expect(asList(action.result).map((r) => r["@id"])).toEqual(["study.ipynb", "study.provenance.jsonl"]);
    expect(entities.get((action.identifier as { "@id": string })["@id"])).toMatchObject({
      "@type": "PropertyValue",
      value: DIGEST,
    });
    expect(entities.get("#corpus")).toMatchObject({
      name: "State of the Union openings",
      identifier: "https://doi.org/10.0000/sotu",
    });
    expect(entities.get("populism.json")).toMatchObject({ about: { "@id": `#framework-${FRAMEWORK_HASH}` } });
    expect(entities.get(`#software-node-22.12.0`)).toMatchObject({ name: "node", version: "22.12.0" });

    // Only the profiles, the license and schema.org terms may point outside the graph.
    const dangling = references(crate["@graph"]).filter((id) => !entities.has(id));
    expect(dangling.every((id) => /^https?:\/\//.test(id))).toBe(true);
    expect(
      dangling.filter((id) => !id.startsWith("http://schema.org/") && !id.startsWith("https://w3id.org/ro/")),
    ).toEqual([]);

    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(TEST_KEY);
    for (const i of [1, 2]) expect(text).not.toContain(corpusText(i));
  });

  it("copies the notebook and ledger into --out so the crate stands alone", async () => {
    const out = join(harness.dir, "crate");
    const { copied } = await writeRoCrate(notebook, { out, license: "https://spdx.org/licenses/CC0-1.0" });
    expect(copied.map((p) => p.replace(`${out}/`, ""))).toEqual(["study.ipynb", "study.provenance.jsonl"]);
    const crate = JSON.parse(readFileSync(join(out, "ro-crate-metadata.json"), "utf8")) as RoCrateMetadata;
    expect(byId(crate).get("study.provenance.jsonl")!.sha256).toBe(
      sha256(join(out, "study.provenance.jsonl")),
    );
    expect(byId(crate).get("./")!.license).toEqual({ "@id": "https://spdx.org/licenses/CC0-1.0" });
  });

  it("never replaces an existing ro-crate-metadata.json unless forced", async () => {
    const target = join(harness.dir, "ro-crate-metadata.json");
    writeFileSync(target, "{}\n");
    await expect(writeRoCrate(notebook)).rejects.toBeInstanceOf(CrateExistsError);
    expect(readFileSync(target, "utf8")).toBe("{}\n");
    await writeRoCrate(notebook, { force: true });
    expect(readFileSync(target, "utf8")).toContain("ro/crate/1.1/context");
  });

  it("refuses a ledger that does not verify, and a notebook whose ledger is only embedded", async () => {
    const pristine = readFileSync(harness.ledgerPath, "utf8");
    writeFileSync(harness.ledgerPath, pristine.replace("run-1", "run-X"));
    const error = await writeRoCrate(notebook).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrateLedgerUnverifiedError);
    expect((error as DiscernusError).message).toMatch(/does not verify.*discernus verify/);

    rmSync(harness.ledgerPath);
    const embedded = {
      cells: [],
      metadata: { discernus: { provenance: { embedded: "..." } } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(notebook, JSON.stringify(embedded));
    const missing = await writeRoCrate(notebook).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CrateLedgerMissingError);
    expect((missing as Error).message).toContain(`discernus extract ${notebook}`);
    expect(existsSync(join(harness.dir, "ro-crate-metadata.json"))).toBe(false);
  });
});
