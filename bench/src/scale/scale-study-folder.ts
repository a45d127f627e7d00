import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The key variable the study folder's config names; provider-sim takes any key. */
export const SCALE_KEY_ENV = "DISCERNUS_SIM_KEY";

/** The framework a scale study applies: four dimensions, a short prompt. */
export const SCALE_FRAMEWORK = "frameworks/affect.json";

/**
 * A study folder as a researcher has it: discernus.config.json pointing openai and anthropic at
 * provider-sim, the affect framework, and an empty notebook `name`.ipynb whose ledger the study
 * writes. Returns the notebook's path.
 */
export function writeScaleStudyFolder(
  dir: string,
  sim: { openaiBaseUrl: string; anthropicBaseUrl: string },
  name: string,
  concurrency: number,
): string {
  mkdirSync(join(dir, "frameworks"), { recursive: true });
  const framework = fileURLToPath(new URL("../../../notebooks/frameworks/affect.json", import.meta.url));
  copyFileSync(framework, join(dir, SCALE_FRAMEWORK));
  const provider = (kind: string, baseUrl: string) => ({
    kind,
    baseUrl,
    apiKeyEnv: SCALE_KEY_ENV,
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
        concurrency,
      },
      null,
      2,
    ),
  );
  const notebook = join(dir, `${name}.ipynb`);
  writeFileSync(notebook, JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  return notebook;
}
