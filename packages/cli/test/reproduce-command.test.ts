import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session, type Reproduction } from "@discernus/kernel-helpers";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { ledgerPathFor } from "@discernus/provenance";
import { runDiscernus, simProviders } from "./cli-process.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const FRAMEWORK = join(ROOT, "notebooks/frameworks/affect.json");
const KEY = "sk-test-DISCERNUS-reproduce-5e4f3a2b";

// The kernel resolves `@discernus/kernel-helpers` from the notebook's folder, as in a researcher's
// project with the packages installed: so the folders live inside this repository (ignored by git).
const WORK = join(ROOT, "node_modules/.cache");

const code = (source: string) => ({
  cell_type: "code",
  execution_count: null,
  metadata: {},
  outputs: [],
  source,
});
const NOTEBOOK = {
  cells: [
    code(`import { session, show } from "@discernus/kernel-helpers";\nconst dx = await session();`),
    code(
      [
        `const texts = ["We hope for peace and plenty.", "The crisis deepens; we are afraid.", "A fair year, neither good nor bad.", "Joy! The harvest is in.", "Grief and anger fill the streets.", "Calm returns to the markets."].map((text, i) => ({ id: "t" + i, text }));`,
        `const study = await dx.analyze(texts, { framework: "affect.json", models: ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "local/vader"], label: "tone" });`,
      ].join("\n"),
    ),
    code(
      `const agreement = study.agreement({ bootstrap: 200, seed: 3 });\nshow(Object.entries(agreement).map(([dimension, r]) => ({ dimension, alpha: r.krippendorff.alpha })));`,
    ),
    code(`show(study.charts.heatmap());`),
    // A drift check asks providers live: a reproduction shows why it skips it, and does not compare it.
    code(`const drift = await dx.drift({ framework: "affect.json", sample: 3 });`),
    code(`console.log("cost " + study.cost.total + "; ledger " + dx.ledgerPath);\nawait dx.close();`),
  ],
  metadata: {
    kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
    language_info: { name: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

let sim: SimServer;
let author: string;
let reader: string;

const discernus = (args: string[], env: Record<string, string | undefined>) => runDiscernus(args, { env });

/** The environment of a reader who has no key at all. */
function keyless(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/_KEY$/.test(name)) delete env[name];
  return env;
}

function handOver(from: string, name: string): string {
  const to = mkdtempSync(join(WORK, "discernus-reader-"));
  for (const file of [name, "discernus.config.json", "affect.json"])
    copyFileSync(join(from, file), join(to, file));
  return to;
}

beforeAll(async () => {
  mkdirSync(WORK, { recursive: true });
  sim = await startSimulator({ seed: 11 });
  author = mkdtempSync(join(WORK, "discernus-author-"));
  writeFileSync(join(author, "study.ipynb"), JSON.stringify(NOTEBOOK, null, 1));
  copyFileSync(FRAMEWORK, join(author, "affect.json"));
  writeFileSync(
    join(author, "discernus.config.json"),
    JSON.stringify({
      providers: { ...simProviders(sim, "SIM_KEY"), local: { kind: "local" } },
      budget: { capUsd: 1 },
    }),
  );
  const ran = await discernus(["run", join(author, "study.ipynb")], { ...process.env, SIM_KEY: KEY });
  expect(ran.code, ran.err + ran.out).toBe(0);
  const embedded = await discernus(["embed", join(author, "study.ipynb")], process.env);
  expect(embedded.code, embedded.err).toBe(0);
  // The author's simulator is gone: nothing can answer a call that a reproduction might make.
  await sim.close();
  reader = handOver(author, "study.ipynb");
}, 180_000);

afterAll(() => {
  for (const dir of readdirSync(WORK).filter((d) => /^discernus-(author|reader)-/.test(d)))
    rmSync(join(WORK, dir), { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("discernus reproduce", () => {
  it("reproduces a notebook handed over with its embedded ledger, with no key and no provider, identically", async () => {
    const before = readdirSync(reader).sort();
    const result = await discernus(["reproduce", join(reader, "study.ipynb"), "--json"], keyless());
    expect(result.code, result.err + result.out).toBe(0);
    const r = JSON.parse(result.out) as Reproduction;
    expect(r.status).toBe("identical");
    expect(r.ledger?.source).toBe("embedded");
    expect(r.cells.map((c) => c.status)).toEqual(Array(6).fill("identical"));
    expect(r.cells[4]).toMatchObject({ compared: 0, skipped: 4 });
    // 6 texts x 3 models, every answer from the recorded ledger, none asked of a provider.
    expect(r.calls).toEqual({ replayed: 18, fromLedger: 0, missing: 0, live: 0 });
    // What legitimately changes was normalized and named: the run id, the folder, the session's mode.
    expect(r.cells[0]!.normalized).toEqual(["notebook folder", "session mode"]);
    expect(r.cells[1]!.normalized).toContain("run ids");
    expect(r.cells[1]!.skipped).toBe(2);
    // Nothing was written beside the reader's notebook (no ledger extracted, no reproduction left).
    expect(readdirSync(reader).sort()).toEqual(before);
    expect(result.out + result.err).not.toContain(KEY);
  }, 120_000);

  it("fails a notebook whose ledger was edited, naming the record, without executing it", async () => {
    const edited = handOver(author, "study.ipynb");
    // The author's ledger, beside the notebook, with one answer's score changed after the fact.
    const lines = readFileSync(ledgerPathFor(join(author, "study.ipynb")), "utf8").split("\n");
    const at = lines.findIndex((l) => l.includes('"type":"call"') && /"score":\d/.test(l));
    lines[at] = lines[at]!.replace(/"score":(\d)/, (_, d: string) => `"score":${(Number(d) + 1) % 10}`);
    writeFileSync(ledgerPathFor(join(edited, "study.ipynb")), lines.join("\n"));
    const result = await discernus(["reproduce", join(edited, "study.ipynb")], keyless());
    expect(result.code).toBe(1);
    expect(result.out).toContain("study.ipynb: MODIFIED");
    expect(result.out).toContain(`line ${at + 2}`);
    expect(result.out).not.toMatch(/replaying code cell/);
  }, 60_000);

  it("names the cell and the line whose stored output differs from its reproduction", async () => {
    const changed = handOver(author, "study.ipynb");
    const path = join(changed, "study.ipynb");
    const nb = JSON.parse(readFileSync(path, "utf8")) as {
      cells: { outputs: { output_type: string; text?: string[] }[] }[];
    };
    const stream = nb.cells[5]!.outputs.find((o) => o.output_type === "stream")!;
    stream.text = [stream.text!.join("").replace(/^cost \$\S+/, "cost $0.000001")];
    writeFileSync(path, JSON.stringify(nb, null, 1));
    const result = await discernus(["reproduce", path, "--json"], keyless());
    expect(result.code).toBe(1);
    const r = JSON.parse(result.out) as Reproduction;
    expect(r.status).toBe("differs");
    expect(r.cells.filter((c) => c.status !== "identical").map((c) => c.cell)).toEqual([6]);
    expect(r.cells[5]!.detail).toMatch(/^stdout stream, line 1: stored "cost \$0\.000001/);
  }, 120_000);

  it("counts the requests a changed notebook makes that its ledger cannot answer, and names the cells that differ", async () => {
    const changed = handOver(author, "study.ipynb");
    const path = join(changed, "study.ipynb");
    const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { source: string | string[] }[] };
    const source = [nb.cells[1]!.source].flat().join("");
    nb.cells[1]!.source = source.replace(
      '"Calm returns to the markets."',
      '"Calm returns to the markets.", "A new text."',
    );
    writeFileSync(path, JSON.stringify(nb, null, 1));
    const result = await discernus(["reproduce", path, "--json"], keyless());
    expect(result.code).toBe(1);
    const r = JSON.parse(result.out) as Reproduction;
    expect(r.calls).toEqual({ replayed: 18, fromLedger: 0, missing: 3, live: 0 });
    expect(r.cells[1]!.status).toBe("differs");
    expect(r.cells[1]!.detail).toMatch(/^result digest, line 1/);
  }, 120_000);

  it("dx.reproduce() gives the same verdict from a notebook, with a table and a chart", async () => {
    const shown: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void shown.push(String(line)));
    const checker = mkdtempSync(join(WORK, "discernus-reader-"));
    writeFileSync(join(checker, "check.ipynb"), JSON.stringify({ ...NOTEBOOK, cells: [] }));
    const dx = await session({ notebook: join(checker, "check.ipynb"), cwd: checker, env: keyless() });
    try {
      const r = await dx.reproduce(join(reader, "study.ipynb"));
      expect(r.status).toBe("identical");
      expect(r.calls.live).toBe(0);
    } finally {
      await dx.close();
      vi.restoreAllMocks();
    }
    expect(shown.some((l) => l.startsWith("study.ipynb: IDENTICAL"))).toBe(true);
    expect(shown.some((l) => /^cell\s+status\s+compared/.test(l))).toBe(true);
    expect(shown).toContain(
      "Reproduction: identical, output parts compared per code cell: vega-lite chart with 6 data rows",
    );
  }, 120_000);
});
