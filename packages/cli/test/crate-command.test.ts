import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frameworkHash, loadFramework } from "@discernus/analysis";
import { Ledger, ledgerPathFor } from "@discernus/provenance";

/** The built bin: run `npm run build -w @discernus/provenance -w @discernus/cli` first. */
const BIN = new URL("../dist/bin.js", import.meta.url).pathname;

let dir: string;
let notebook: string;
let ledgerPath: string;

const discernus = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

interface Crate {
  "@context": string;
  "@graph": { "@id": string; "@type": string; sha256?: string }[];
}

/** A notebook and a ledger with one run and no calls: enough for a crate, no provider needed. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "discernus-crate-"));
  notebook = join(dir, "study.ipynb");
  ledgerPath = ledgerPathFor(notebook);
  writeFileSync(notebook, `${JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 })}\n`);
  const ledger = await Ledger.open(ledgerPath, { notebook: "study.ipynb", tools: { node: process.version } });
  await ledger.recordRun({ run: "run-1", phase: "start", models: ["openai/gpt-4o-mini"], items: 3 });
  await ledger.recordRun({
    run: "run-1",
    phase: "end",
    digest: "d".repeat(64),
    totals: { calls: 0, cacheHits: 0, failed: 0, costNanoUsd: 0 },
  });
  await ledger.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AFFECT = new URL("../../../notebooks/frameworks/affect.json", import.meta.url).pathname;

describe("discernus crate", () => {
  it("ties a framework file to the runs that used it, as analyze() loaded it", async () => {
    const sub = join(dir, "framed");
    const nb = join(sub, "framed.ipynb");
    mkdirSync(sub);
    writeFileSync(nb, `${JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 })}\n`);
    const hash = frameworkHash(await loadFramework(AFFECT));
    const ledger = await Ledger.open(ledgerPathFor(nb), { notebook: "framed.ipynb" });
    await ledger.recordRun({
      run: "run-f",
      phase: "start",
      framework: hash,
      models: ["local/vader"],
      items: 1,
    });
    await ledger.recordRun({ run: "run-f", phase: "end", framework: hash, digest: "e".repeat(64) });
    await ledger.close();
    const made = discernus("crate", nb, "--framework", AFFECT);
    expect(made.code, made.err).toBe(0);
    const graph = (JSON.parse(readFileSync(join(sub, "ro-crate-metadata.json"), "utf8")) as Crate)["@graph"];
    const file = graph.find((e) => e["@id"] === "affect.json") as { about?: { "@id": string } } | undefined;
    expect(file?.about?.["@id"]).toBe(`#framework-${hash}`);
    const run = graph.find((e) => e["@id"] === "#run-run-f") as
      { instrument?: { "@id": string }[] } | undefined;
    expect(run?.instrument?.map((i) => i["@id"])).toContain(`#framework-${hash}`);
  });

  it("writes ro-crate-metadata.json beside the notebook, then refuses to overwrite it without --force", () => {
    const first = discernus("crate", "study.ipynb");
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /ro-crate-metadata\.json: RO-Crate 1\.1 \(Process Run Crate\) of 2 file\(s\) and 1 run\(s\)/,
    );
    const path = join(dir, "ro-crate-metadata.json");
    const crate = JSON.parse(readFileSync(path, "utf8")) as Crate;
    expect(crate["@context"]).toBe("https://w3id.org/ro/crate/1.1/context");
    expect(crate["@graph"].find((e) => e["@id"] === "study.provenance.jsonl")?.sha256).toBe(
      sha256(ledgerPath),
    );
    const before = readFileSync(path, "utf8");

    const again = discernus("crate", "study.ipynb");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists and was left untouched.*--force/);
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(discernus("crate", "study.ipynb", "--force").code).toBe(0);
  });

  it("copies the study into --out and prints the crate as JSON", () => {
    const out = discernus(
      "crate",
      "study.ipynb",
      "--out",
      "archive",
      "--json",
      "--license",
      "https://spdx.org/licenses/CC0-1.0",
      "--corpus",
      "SOTU openings",
      "--corpus-id",
      "https://doi.org/10.0000/sotu",
    );
    expect(out.code).toBe(0);
    const written = JSON.parse(out.out) as { path: string; copied: string[]; metadata: Crate };
    expect(written.path).toBe(join(dir, "archive", "ro-crate-metadata.json"));
    expect(existsSync(join(dir, "archive", "study.provenance.jsonl"))).toBe(true);
    expect(written.metadata["@graph"].some((e) => e["@id"] === "https://spdx.org/licenses/CC0-1.0")).toBe(
      true,
    );
    expect(written.metadata["@graph"].find((e) => e["@id"] === "#corpus")).toMatchObject({
      name: "SOTU openings",
      identifier: "https://doi.org/10.0000/sotu",
    });
  });

  it("exits 1 and writes nothing when the ledger does not verify", () => {
    const pristine = readFileSync(ledgerPath, "utf8");
    try {
      writeFileSync(ledgerPath, pristine.replace("run-1", "run-X"));
      const refused = discernus("crate", "study.ipynb", "--out", "broken");
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/does not verify/);
      expect(existsSync(join(dir, "broken"))).toBe(false);
    } finally {
      writeFileSync(ledgerPath, pristine);
    }
  });
});
