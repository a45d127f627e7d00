import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Gateway, MissingApiKeyError, type AdapterCall, type ProviderAdapter } from "@discernus/gateway";
import { Ledger } from "@discernus/provenance";
import { kernelDisplay } from "../src/display/kernel-display.js";
import { analyzeStudy } from "../src/study/analyze-study.js";

const FRAMEWORKS = new URL("../../notebooks/frameworks/", import.meta.url).pathname;
const usage = {
  inputTokens: 100,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 20,
  reasoningTokens: 0,
};
const valid = {
  scores: {
    valence: { score: 0.5, evidence: "hope" },
    arousal: { score: "moderate", evidence: "calm" },
    hope: { score: 2, evidence: "hope" },
    fear: { score: 0, evidence: "" },
  },
};

/** A provider that answers off the scale first, and correctly once told what was wrong. */
function scriptedAdapter(
  answers: (call: AdapterCall) => unknown,
): ProviderAdapter & { calls: AdapterCall[] } {
  const calls: AdapterCall[] = [];
  return {
    provider: "scripted",
    calls,
    send(call) {
      calls.push(call);
      const json = answers(call);
      return Promise.resolve({ text: JSON.stringify(json), json, finishReason: "stop", usage });
    },
  };
}

let dir: string;
let ledger: Ledger;
const where = () => ({ notebookDir: FRAMEWORKS, notebookPath: join(dir, "study.ipynb"), projectRoot: dir });
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "discernus-retry-"));
  ledger = await Ledger.open(join(dir, "study.provenance.jsonl"), { notebook: "study.ipynb" });
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function gatewayWith(adapter: ProviderAdapter, env: Record<string, string> = { K: "k" }) {
  return new Gateway({
    config: {
      providers: { openai: { kind: "openai", apiKeyEnv: "K" } },
    },
    env,
    cache: ledger,
    recorder: ledger,
    adapters: { openai: adapter },
  });
}

describe("answers that do not fit the framework", () => {
  it("are retried once with the validation error, and the corrected answer is scored", async () => {
    const adapter = scriptedAdapter((call) =>
      call.messages.length > 2
        ? valid
        : { scores: { ...valid.scores, valence: { score: 7, evidence: "x" } } },
    );
    const study = await analyzeStudy(
      { gateway: gatewayWith(adapter), ledger, display: kernelDisplay(() => {}), ...where() },
      ["We face the future with hope."],
      { framework: "affect.json", models: ["openai/gpt-4o-mini"] },
    );
    expect(adapter.calls).toHaveLength(2);
    const retry = adapter.calls[1]!.messages;
    expect(retry.at(-2)?.role).toBe("assistant");
    expect(retry.at(-1)?.content).toMatch(/scores\.valence/);
    expect(study.rows.every((r) => r.status === "ok")).toBe(true);
    expect(study.scores.find((s) => s.dimension === "valence")?.score).toBe(0.5);
    // Both calls are in the ledger and in the run's totals, as paid.
    expect(study.totals.calls).toBe(2);
  });

  it("are kept as failed with the raw text when the retry is wrong too", async () => {
    const adapter = scriptedAdapter(() => ({ scores: { valence: { score: "very", evidence: 1 } } }));
    const study = await analyzeStudy(
      { gateway: gatewayWith(adapter), ledger, display: kernelDisplay(() => {}), ...where() },
      ["We face the future with hope."],
      { framework: "affect.json", models: ["openai/gpt-4o-mini"] },
    );
    expect(adapter.calls).toHaveLength(2);
    expect(study.rows.every((r) => r.status === "invalid_answer" && r.score === null)).toBe(true);
    expect(study.rows[0]?.evidence).toContain('"very"');
    await ledger.close();
    // The run's end record says which item has no score and why, and names the call holding the raw text.
    const lines = readFileSync(ledger.path, "utf8").trim().split("\n");
    const end = JSON.parse(lines.at(-1)!) as { type: string; unscored?: { status: string; call?: string }[] };
    expect(end.type).toBe("run");
    expect(end.unscored).toEqual([
      expect.objectContaining({ status: "invalid_answer", call: study.rows[0]?.callId }),
    ]);
  });

  it("a missing key stops the study before any call, naming the variable", async () => {
    const recordsBefore = ledger.records;
    const gateway = new Gateway({
      config: { providers: { openai: { kind: "openai", apiKeyEnv: "OPENAI_API_KEY" } } },
      env: {},
      cache: ledger,
      recorder: ledger,
    });
    const run = analyzeStudy(
      { gateway, ledger, display: kernelDisplay(() => {}), ...where() },
      ["We face the future with hope."],
      { framework: "affect.json", models: ["openai/gpt-4o-mini"] },
    );
    await expect(run).rejects.toBeInstanceOf(MissingApiKeyError);
    await expect(run).rejects.toThrow(/OPENAI_API_KEY/);
    // Nothing was sent or started: no call, no run record.
    expect(ledger.records).toBe(recordsBefore);
  });
});
