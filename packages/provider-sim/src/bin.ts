#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSimulator } from "./server.js";
import type { SimConfig } from "./sim-config.js";

const USAGE = "usage: discernus-sim [--port 8787] [--config sim.json] [--seed N]";

function fail(message: string): never {
  throw new Error(`discernus-sim: ${message}\n${USAGE}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      config: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let config: SimConfig = {};
  if (values.config) {
    try {
      config = JSON.parse(readFileSync(values.config, "utf8")) as SimConfig;
    } catch (err) {
      fail(`cannot read the config ${values.config}: ${(err as Error).message}`);
    }
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`--port must be 0 to 65535, got ${values.port}.`);
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) fail(`--seed must be a whole number, got ${values.seed}.`);
    config.seed = seed;
  }
  const sim = await startSimulator({ ...config, port });
  console.log(`provider-sim listening on ${sim.url}`);
  console.log(`  OpenAI base URL:    ${sim.openaiBaseUrl}`);
  console.log(`  Anthropic base URL: ${sim.anthropicBaseUrl}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
