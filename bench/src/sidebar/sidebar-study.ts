import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The models a sidebar study asks, by their provider-sim ids. */
export const STUDY_MODELS = ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"] as const;

/** What GPT writes before every quote in these studies: it must show as text, never run. */
export const HOSTILE_MARKUP = `<img src=x onerror="window.__discernusPwned=1">`;

/** The key variable the study folder's config names; provider-sim takes any key. */
export const SIM_KEY_ENV = "DISCERNUS_SIM_KEY";

export interface SidebarStudyOptions {
  /** Texts in the corpus; each is asked of both models. */
  texts: number;
  /** Budget cap of the study folder's config, in USD. */
  capUsd: number;
}

/**
 * provider-sim's config for a study the sidebar watches, both models with a little latency so
 * calls overlap as they do against real providers and GPT quoting with hostile markup. With
 * `gptRpm`, GPT is throttled to it (so the gateway waits on the limits it learned from the headers
 * and the gauges move); without, neither model's limits bind (a benchmark of the sidebar itself).
 */
export function sidebarSimConfig(gptRpm?: number): Record<string, unknown> {
  const open = gptRpm === undefined;
  return {
    seed: 11,
    latency: { ttftMs: 40, tokensPerSecond: 2_000 },
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        limits: { rpm: open ? 1_000_000 : gptRpm, tpm: open ? 1_000_000_000 : 2_000_000 },
        markup: HOSTILE_MARKUP,
      },
      {
        id: "claude-3-5-haiku-latest",
        provider: "anthropic",
        contextWindow: 200_000,
        limits: open
          ? { rpm: 1_000_000, itpm: 1_000_000_000, otpm: 1_000_000_000 }
          : { rpm: 4_000, itpm: 400_000, otpm: 80_000 },
        noise: 0.25,
      },
    ],
  };
}

const code = (source: string) => ({
  cell_type: "code",
  execution_count: null,
  metadata: {},
  outputs: [],
  source,
});

/**
 * A study folder as a researcher has it: discernus.config.json pointing at provider-sim, the affect
 * framework, and `study.ipynb` which opens a session, runs one analyze() over both models and closes.
 */
export function writeSidebarStudy(
  dir: string,
  sim: { openaiBaseUrl: string; anthropicBaseUrl: string },
  options: SidebarStudyOptions,
): string {
  mkdirSync(join(dir, "frameworks"), { recursive: true });
  const framework = fileURLToPath(new URL("../../../notebooks/frameworks/affect.json", import.meta.url));
  copyFileSync(framework, join(dir, "frameworks", "affect.json"));
  const provider = (kind: string, baseUrl: string) => ({
    kind,
    baseUrl,
    apiKeyEnv: SIM_KEY_ENV,
    simulated: true,
  });
  writeFileSync(
    join(dir, "discernus.config.json"),
    JSON.stringify(
      {
        providers: {
          openai: provider("openai", sim.openaiBaseUrl),
          anthropic: provider("anthropic", sim.anthropicBaseUrl),
        },
        budget: { capUsd: options.capUsd },
        concurrency: 16,
      },
      null,
      2,
    ),
  );
  const notebook = {
    cells: [
      code('import { session } from "@discernus/kernel-helpers";\nconst dx = await session();'),
      code(
        `const texts = Array.from({ length: ${options.texts} }, (_, i) =>\n` +
          '  `Address ${i}: we meet in hope and in fear; the union is strong, the harvest thin, the debt ${i % 7 === 0 ? "heavy" : "light"}.`);\n' +
          `const study = await dx.analyze(texts, {\n  framework: "frameworks/affect.json",\n  models: ${JSON.stringify(STUDY_MODELS)},\n  label: "sidebar study",\n});`,
      ),
      code("await dx.close();\nconsole.log(`spent ${study.cost.total}`);"),
    ],
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript (Discernus)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const path = join(dir, "study.ipynb");
  writeFileSync(path, JSON.stringify(notebook, null, 1) + "\n");
  return path;
}
