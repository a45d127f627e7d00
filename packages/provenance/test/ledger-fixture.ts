import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type SimConfig, type SimServer } from "@discernus/provider-sim";
import { Gateway, type GatewayOptions } from "@discernus/gateway";
import { Ledger, ledgerPathFor, type LedgerOptions } from "../src/index.js";

/** A distinctive fake key: tests scan the ledger for it. */
export const TEST_KEY = "sk-test-DISCERNUS-ledger-5a4b3c2d1e0f";

/** A folder with `study.ipynb`'s ledger path and provider-sim, for gateways recording into one ledger. */
export interface LedgerHarness {
  dir: string;
  ledgerPath: string;
  sim: SimServer;
  /** Opens the ledger and a gateway that records into it and answers from it (one "kernel"). */
  kernel(
    options?: Partial<LedgerOptions> & {
      gateway?: Partial<GatewayOptions>;
      config?: Record<string, unknown>;
    },
  ): Promise<{
    gateway: Gateway;
    ledger: Ledger;
  }>;
  close(): Promise<void>;
}

export async function startLedgerHarness(simConfig: SimConfig = { seed: 7 }): Promise<LedgerHarness> {
  const dir = mkdtempSync(join(tmpdir(), "discernus-recorded-"));
  const ledgerPath = ledgerPathFor(join(dir, "study.ipynb"));
  const sim = await startSimulator(simConfig);
  const open: Ledger[] = [];
  return {
    dir,
    ledgerPath,
    sim,
    async kernel(options = {}) {
      const { gateway: gatewayOptions, config: extraConfig, ...ledgerOptions } = options;
      const ledger = await Ledger.open(ledgerPath, { notebook: "study.ipynb", ...ledgerOptions });
      open.push(ledger);
      const gateway = new Gateway({
        config: {
          providers: {
            openai: {
              kind: "openai",
              baseUrl: sim.openaiBaseUrl,
              apiKeyEnv: "TEST_OPENAI_KEY",
              simulated: true,
            },
            anthropic: {
              kind: "anthropic",
              baseUrl: sim.anthropicBaseUrl,
              apiKeyEnv: "TEST_ANTHROPIC_KEY",
              simulated: true,
            },
          },
          retry: { baseDelayMs: 5, maxDelayMs: 200 },
          ...extraConfig,
        },
        env: { TEST_OPENAI_KEY: TEST_KEY, TEST_ANTHROPIC_KEY: TEST_KEY },
        cache: ledger,
        recorder: ledger,
        ...(ledgerOptions.mode ? { mode: ledgerOptions.mode } : {}),
        ...gatewayOptions,
      });
      return { gateway, ledger };
    },
    async close() {
      for (const ledger of open) await ledger.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A State-of-the-Union-like sentence per item: corpus text the hash-mode test looks for. */
export const corpusText = (i: number) =>
  `Item ${i}: our union is strong, and the speech of year ${1900 + i} says so.`;

export const rate = (model: string, i: number, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [
    { role: "system" as const, content: "Rate the tone of the speech from -1 to 1." },
    { role: "user" as const, content: corpusText(i) },
  ],
  maxTokens: 48,
  tags: { run: "run-1", item: String(i) },
  ...extra,
});
