import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { runAiSdk } from "./runners/ai-sdk-runner.js";
import { runGateway } from "./runners/gateway-runner.js";
import { runNaive } from "./runners/naive-runner.js";
import type { RunnerResult } from "./runners/runner-result.js";
import { buildStudy, limitBoundOptimumMs, type Study } from "./scheduling-study.js";

export interface SchedulingFigures {
  requests: number;
  optimum_s: number;
  wall_s: number;
  efficiency: number;
  failed: number;
  rate429: number;
  naive_efficiency: number;
  /** Items that failed on the first pass; the study was completed by re-running them. */
  naive_failed: number;
  naive_passes: number;
  naive_rate429: number;
  peer: { name: string; efficiency: number; failed: number; passes: number; rate429: number };
}

async function startStudySim(study: Study): Promise<SimServer> {
  return startSimulator({
    seed: 11,
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        limits: study.limits.openai,
        latency: study.latency,
        answerTokens: 80,
      },
      {
        id: "claude-3-5-haiku-latest",
        provider: "anthropic",
        contextWindow: 200_000,
        limits: study.limits.anthropic,
        latency: study.latency,
        answerTokens: 80,
      },
    ],
  });
}

function share429(sim: SimServer): number {
  const stats = sim.stats();
  return stats.totalRequests === 0 ? 0 : (stats.byStatus["429"] ?? 0) / stats.totalRequests;
}

/**
 * The three runners at once, each against its own simulator (own buckets, own 429 count), so the
 * comparison takes one study's time and every runner meets the same machine load.
 */
export async function runSchedulingBench(
  overload: number,
  log: (line: string) => void,
): Promise<SchedulingFigures> {
  const study = buildStudy(overload);
  const sims = await Promise.all([startStudySim(study), startStudySim(study), startStudySim(study)]);
  const [gatewaySim, naiveSim, peerSim] = sims as [SimServer, SimServer, SimServer];
  try {
    log(`scheduling: ${study.items.length} requests over two providers, three runners in parallel...`);
    const [gateway, naive, peer] = (await Promise.all([
      runGateway(study, gatewaySim),
      runNaive(study, naiveSim),
      runAiSdk(study, peerSim),
    ])) as [RunnerResult, RunnerResult, RunnerResult];
    const typicalLatencyMs = study.latency.ttftMs + (80 / study.latency.tokensPerSecond) * 1000;
    const optimumMs = limitBoundOptimumMs(gateway.charges ?? [], study.limits, typicalLatencyMs);
    // Achieved throughput over the limit-bound optimum, to the complete study (re-run passes
    // included); a runner that gave up on items gets only the share it completed.
    const efficiency = (r: RunnerResult) =>
      Number(((optimumMs / r.wallMs) * (r.ok / study.items.length)).toFixed(4));
    for (const r of [gateway, naive, peer]) {
      if (r.firstError) log(`  ${r.name}: first failure: ${r.firstError.slice(0, 200)}`);
    }
    return {
      requests: study.items.length,
      optimum_s: Number((optimumMs / 1000).toFixed(2)),
      wall_s: Number((gateway.wallMs / 1000).toFixed(2)),
      efficiency: efficiency(gateway),
      failed: gateway.failed,
      rate429: Number(share429(gatewaySim).toFixed(4)),
      naive_efficiency: efficiency(naive),
      naive_failed: naive.failed,
      naive_passes: naive.passes,
      naive_rate429: Number(share429(naiveSim).toFixed(4)),
      peer: {
        name: peer.name,
        efficiency: efficiency(peer),
        failed: peer.failed,
        passes: peer.passes,
        rate429: Number(share429(peerSim).toFixed(4)),
      },
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}
