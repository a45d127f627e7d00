import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "@discernus/kernel-helpers";
import { DEFAULT_MODELS, startSimulator, type SimServer } from "@discernus/provider-sim";
import { ledgerPathFor, verifyLedger } from "@discernus/provenance";
import { runDiscernus, simProviders } from "./cli-process.js";

const FRAMEWORK = new URL("../../../notebooks/frameworks/affect.json", import.meta.url).pathname;
const KEY = "sk-test-DISCERNUS-drift-5e6f7a8b";
const TEXTS = Array.from({ length: 6 }, (_, i) => ({
  id: `s${i}`,
  text: `Speech ${i}: we ${["hope", "fear", "endure"][i % 3]}, said for the ${i}th time.`,
}));
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest", "openai/gpt-4o"];

let recorded: SimServer;
let revised: SimServer;
let dir: string;
let notebook: string;
let checkedRun: string;

const discernus = (...args: string[]) =>
  runDiscernus(args, { cwd: dir, env: { ...process.env, SIM_KEY: KEY } });

const writeConfig = (sim: SimServer) =>
  writeFileSync(
    join(dir, "discernus.config.json"),
    JSON.stringify({
      providers: simProviders(sim, "SIM_KEY"),
    }),
  );

beforeAll(async () => {
  recorded = await startSimulator({ seed: 5 });
  // The same simulator later, where gpt-4o-mini is served by a new revision of the model.
  revised = await startSimulator({
    seed: 5,
    models: DEFAULT_MODELS.map((m) => (m.id === "gpt-4o-mini" ? { ...m, revision: 1 } : m)),
  });
  dir = mkdtempSync(join(tmpdir(), "discernus-drift-cli-"));
  notebook = join(dir, "study.ipynb");
  writeFileSync(notebook, JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  writeFileSync(join(dir, "affect.json"), readFileSync(FRAMEWORK));
  writeConfig(recorded);
  vi.spyOn(console, "log").mockImplementation(() => {});
  const dx = await session({ notebook, cwd: dir, env: { SIM_KEY: KEY } });
  const study = await dx.analyze(TEXTS, { framework: "affect.json", models: MODELS });
  checkedRun = study.run;
  await dx.close();
  writeConfig(revised);
});
afterAll(async () => {
  await recorded.close();
  await revised.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("discernus drift", () => {
  it("prints the estimate and the command that spends, and sends nothing without --yes", async () => {
    const dry = await discernus("drift", "study.ipynb", "--framework", "affect.json", "--sample", "4");
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(
      `drift check of run ${checkedRun}: 4 sampled texts, 12 calls to ask again live`,
    );
    expect(dry.out).toMatch(/worst case \$0\.\d+, expected \$0\.\d+/);
    expect(dry.out).toContain("Nothing was sent. To ask these 12 calls again (up to $0.");
    expect(dry.out).toContain("discernus drift study.ipynb --framework affect.json --sample 4 --yes");
    expect(revised.stats().totalRequests).toBe(0);
    expect(`${dry.out}${dry.err}`).not.toContain(KEY);
  });

  it("with --yes asks the sample again and names the model whose answers changed", async () => {
    const live = await discernus(
      "drift",
      "study.ipynb",
      "--framework",
      "affect.json",
      "--sample",
      "4",
      "--yes",
    );
    expect(live.code, live.err).toBe(0);
    expect(revised.stats().totalRequests).toBe(12);
    expect(live.out).toContain("answers changed for: openai/gpt-4o-mini\n");
    const table = live.out.split("\n").filter((l) => /^(openai|anthropic)\//.test(l));
    expect(table).toHaveLength(MODELS.length * 4);
    for (const line of table) {
      const share = line.split(/\s{2,}/)[4];
      if (line.startsWith("openai/gpt-4o-mini ")) continue;
      expect(share, line).toBe("0%");
    }
    expect(table.filter((l) => l.startsWith("openai/gpt-4o-mini ")).some((l) => !/\s0%\s/.test(l))).toBe(
      true,
    );
    expect(live.out).toMatch(/Krippendorff's alpha/);
    expect(`${live.out}${live.err}`).not.toContain(KEY);
    expect((await verifyLedger(ledgerPathFor(notebook))).status).toBe("verified");

    // The crate names the drift run a check of the study's run, not another analyze() run.
    const crate = await discernus("crate", "study.ipynb", "--out", "crate", "--framework", "affect.json");
    expect(crate.code, crate.err).toBe(0);
    const graph = (
      JSON.parse(readFileSync(join(dir, "crate", "ro-crate-metadata.json"), "utf8")) as {
        "@graph": { "@type": string; name: string }[];
      }
    )["@graph"];
    const actions = graph.filter((e) => e["@type"] === "CreateAction").map((e) => e.name);
    expect(actions).toEqual([
      `analyze() run ${checkedRun}`,
      expect.stringMatching(new RegExp(`^drift check [0-9a-f-]+ of run ${checkedRun}$`)),
    ]);
  });

  it("--json prints the drift rows, the estimate going to stderr", async () => {
    const json = await discernus(
      "drift",
      "study.ipynb",
      "--framework",
      "affect.json",
      "--sample",
      "2",
      "--models",
      "openai/gpt-4o-mini,openai/gpt-4o",
      "--yes",
      "--json",
    );
    expect(json.code, json.err).toBe(0);
    const result = JSON.parse(json.out) as {
      of: string;
      rows: { model: string; changed: number }[];
      drifted: string[];
    };
    expect(result.of).toBe(checkedRun);
    expect(new Set(result.rows.map((r) => r.model))).toEqual(
      new Set(["openai/gpt-4o-mini", "openai/gpt-4o"]),
    );
    expect(result.drifted).toEqual(["openai/gpt-4o-mini"]);
    expect(json.err).toContain("drift check of run");
  });

  it("refuses without --framework, naming the flag", async () => {
    const missing = await discernus("drift", "study.ipynb");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("pass --framework <file>");
  });
});
