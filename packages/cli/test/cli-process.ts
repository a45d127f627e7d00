import { spawn } from "node:child_process";
import type { SimServer } from "@discernus/provider-sim";

export const BIN = new URL("../dist/bin.js", import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the built `discernus` command as a user would, and collects what it printed. */
export function runDiscernus(
  args: readonly string[],
  options: { cwd?: string; env: Record<string, string | undefined> },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

/** The `providers` of a discernus.config.json whose OpenAI and Anthropic models are answered by `sim`. */
export function simProviders(sim: SimServer, apiKeyEnv: string) {
  return {
    openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv, simulated: true },
    anthropic: { kind: "anthropic", baseUrl: sim.anthropicBaseUrl, apiKeyEnv, simulated: true },
  };
}
