#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSimulator } from "./server.js";
import type { SimConfig } from "./sim-config.js";

const USAGE = "usage: discernus-sim [--port 8787] [--config sim.json] [--seed N]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      config: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", default: false },
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
      throw new Error(`discernus-sim: cannot read the config ${values.config}: ${(err as Error).message}`);
    }
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`discernus-sim: --port must be 0-65535, got ${values.port}. ${USAGE}`);
  if (values.seed !== undefined) config.seed = Number(values.seed);
  const sim = await startSimulator({ ...config, port });
  console.log(`provider-sim listening on ${sim.url}`);
  console.log(`  OpenAI:    new OpenAI({ baseURL: "${sim.openaiBaseUrl}", apiKey: "any" })`);
  console.log(`  Anthropic: new Anthropic({ baseURL: "${sim.anthropicBaseUrl}", apiKey: "any" })`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
