import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigInvalidError } from "@discernus/gateway";

export const CONFIG_FILE = "discernus.config.json";

/** Keyless by default: the local lexicon instruments, which need no key and cost nothing. */
export const DEFAULT_CONFIG = { providers: { local: { kind: "local" } } };

export interface FoundConfig {
  config: Record<string, unknown>;
  /** The file it came from, or a note that none was found. */
  source: string;
}

/** `discernus.config.json` in the notebook's folder or the nearest folder above it (design.md, "Configuration"). */
export function findConfig(fromDir: string): FoundConfig {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const path = join(dir, CONFIG_FILE);
    if (existsSync(path)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
      } catch (err) {
        throw new ConfigInvalidError(
          path,
          `is not valid JSON (${(err as Error).message}); fix the file or remove it to run keyless`,
        );
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new ConfigInvalidError(path, "must hold a JSON object with a providers field");
      return { config: parsed as Record<string, unknown>, source: path };
    }
    if (dirname(dir) === dir)
      return {
        config: DEFAULT_CONFIG,
        source: `no ${CONFIG_FILE} found above ${fromDir}: local models only`,
      };
  }
}
