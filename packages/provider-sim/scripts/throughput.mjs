// Prints how many chat completions per second provider-sim serves with zero latency: the server
// runs as its own process (dist/bin.js, as the benchmarks run it) and this process drives it over
// keep-alive connections with raw node:http, so the figure is the server's, not an SDK's.
// Usage: npm run build, then node packages/provider-sim/scripts/throughput.mjs [seconds] [concurrency]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Buffer } from "node:buffer";
import { fileURLToPath, URL } from "node:url";

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 32);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sim-throughput-"));
const config = join(dir, "sim.json");
const unlimited = { rpm: 1e9, tpm: 1e12 };
writeFileSync(
  config,
  JSON.stringify({
    models: [
      { id: "gpt-4o-mini", provider: "openai", contextWindow: 128000, limits: unlimited },
      { id: "claude-3-5-haiku-latest", provider: "anthropic", contextWindow: 200000 },
    ],
  }),
);
const child = spawn(
  process.execPath,
  [
    ...(process.env.SIM_NODE_ARGS ? process.env.SIM_NODE_ARGS.split(" ") : []),
    bin,
    "--port",
    "0",
    "--config",
    config,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const url = await new Promise((resolve) => {
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
    const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (match) resolve(new URL(match[0]));
  });
});

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const system = "You rate the tone of political speeches on a scale from -1 to 1. ".repeat(4);
const schema = {
  type: "object",
  properties: { score: { type: "number", minimum: -1, maximum: 1 }, evidence: { type: "string" } },
  required: ["score", "evidence"],
  additionalProperties: false,
};

function call(i, kind) {
  const openai = kind === "openai";
  const body = JSON.stringify(
    openai
      ? {
          model: "gpt-4o-mini",
          max_completion_tokens: 64,
          messages: [
            { role: "system", content: system },
            { role: "user", content: `Text ${i}: we stand together in hard times.` },
          ],
          ...(i % 2
            ? {
                response_format: { type: "json_schema", json_schema: { name: "tone", strict: true, schema } },
              }
            : {}),
        }
      : {
          model: "claude-3-5-haiku-latest",
          max_tokens: 64,
          system,
          messages: [{ role: "user", content: `Text ${i}: we stand together in hard times.` }],
        },
  );
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: openai ? "/v1/chat/completions" : "/v1/messages",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(openai
            ? { authorization: "Bearer sk-sim" }
            : { "x-api-key": "sk-sim", "anthropic-version": "2023-06-01" }),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(kind) {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const latencies = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = lane; performance.now() < end; i += concurrency) {
        const t = performance.now();
        await call(i, kind);
        latencies.push(performance.now() - t);
        done++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(2);
  console.log(
    `${kind.padEnd(9)} ${(done / seconds).toFixed(0).padStart(6)} requests/s  (${concurrency} concurrent, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms)`,
  );
}

try {
  await run("openai");
  await run("anthropic");
} finally {
  agent.destroy();
  child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
