import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "@discernus/gateway";
import { mulberry32, startSimulator, type SimServer } from "@discernus/provider-sim";
import { Ledger, ledgerPathFor, verifyLedger } from "../src/index.js";
// @ts-expect-error: a plain .mjs fixture shared with the child process, untyped on purpose.
import { crashStudyConfig, crashStudyRequest } from "./fixtures/crash-study.mjs";

const ITEMS = 150;
let sim: SimServer;
beforeAll(async () => {
  sim = await startSimulator({
    seed: 5,
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        limits: { rpm: 100_000_000, tpm: 10_000_000_000 },
        latency: { ttftMs: 1, tokensPerSecond: 0 },
      },
    ],
  });
});
afterAll(() => sim.close());

/** Starts the child study and SIGKILLs it `afterMs` after its ledger is open. */
function runAndKill(ledgerPath: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fixture = new URL("./fixtures/record-forever.mjs", import.meta.url).pathname;
    const child = spawn(process.execPath, [fixture, ledgerPath, sim.openaiBaseUrl, String(ITEMS)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.once("data", () => setTimeout(() => child.kill("SIGKILL"), afterMs));
    child.on("error", reject);
    child.on("exit", () => resolve());
  });
}

/** Answered calls per request hash, as the ledger holds them. */
function answeredByKey(ledgerPath: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(ledgerPath, "utf8").split("\n").slice(1)) {
    if (!line.endsWith("}")) continue;
    const r = JSON.parse(line) as { type: string; outcome?: string; cacheKey?: string };
    if (r.type === "call" && r.outcome === "ok" && r.cacheKey)
      counts.set(r.cacheKey, (counts.get(r.cacheKey) ?? 0) + 1);
  }
  return counts;
}

describe("crash safety of a recording study", () => {
  it("after SIGKILL at random moments the ledger verifies (or has only a torn tail) and a re-run pays no completed call twice", async () => {
    const random = mulberry32(11);
    let torn = 0;
    let partial = 0;
    for (let trial = 0; trial < 20; trial++) {
      const dir = mkdtempSync(join(tmpdir(), "discernus-crash-"));
      const ledgerPath = ledgerPathFor(join(dir, "study.ipynb"));
      try {
        await runAndKill(ledgerPath, Math.floor(random() * 700));
        const report = await verifyLedger(ledgerPath);
        expect(["verified", "torn_tail"]).toContain(report.status);
        if (report.status === "torn_tail") torn++;

        const ledger = await Ledger.open(ledgerPath, { notebook: "study.ipynb" });
        const completed = answeredByKey(ledgerPath).size;
        if (completed > 0 && completed < ITEMS) partial++;
        const gateway = new Gateway({
          config: crashStudyConfig(sim.openaiBaseUrl) as unknown,
          env: { CRASH_KEY: "sk-crash-test" },
          cache: ledger,
          recorder: ledger,
        });
        const before = sim.stats().totalRequests;
        await Promise.all(
          Array.from({ length: ITEMS }, (_, i) => gateway.complete(crashStudyRequest(i) as never)),
        );
        await ledger.close();
        // The re-run sent exactly the calls the ledger did not hold, and every item is answered once.
        expect(sim.stats().totalRequests - before).toBe(ITEMS - completed);
        const after = answeredByKey(ledgerPath);
        expect(after.size).toBe(ITEMS);
        expect([...after.values()].every((n) => n === 1)).toBe(true);
        expect((await verifyLedger(ledgerPath)).status).toBe("verified");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    // The kills must land mid-study for the test to mean anything.
    expect(partial).toBeGreaterThanOrEqual(10);
    console.log(`crash trials: 20, killed mid-study ${partial}, torn tails recovered ${torn}`);
  }, 120_000);
});
