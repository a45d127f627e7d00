import { randomUUID } from "node:crypto";
import {
  batchItemCost,
  formatUsd,
  Gateway,
  type GatewayResponse,
  type RateLimitConfig,
  type ResolvedModel,
} from "@discernus/gateway";
import { Ledger } from "@discernus/provenance";
import { startSimulator, type SimLatency } from "@discernus/provider-sim";
import { silentDisplay } from "./silent-display.js";
import { analyzeStudy, planStudy, type AnalyzeContext } from "../study/analyze-study.js";
import type { TextInput } from "../study/text-input.js";
import { compressedClock } from "./compressed-clock.js";
import { REHEARSAL_ENV, rehearsalGatewayConfig } from "./rehearsal-gateway-config.js";
import { rehearsalLedgerPath } from "./rehearsal-ledger-path.js";
import { rehearsalOutput } from "./rehearsal-outputs.js";
import { rehearseBatch, type BatchRehearsal } from "./rehearse-batch.js";
import { configuredLimits, isPaidKind, rehearsalSimModels } from "./rehearsal-sim-models.js";
import type { RehearsalRow, Rehearsal, RehearseOptions } from "./rehearsal.js";
import { roughWallSeconds, timeCompressionFor, type ModelDemand } from "./time-compression.js";

export const DEFAULT_REHEARSAL_LATENCY: Readonly<SimLatency> = Object.freeze({
  ttftMs: 700,
  tokensPerSecond: 70,
});
// Both providers promise a batch within 24 hours and most finish within one.
const DEFAULT_BATCH_HOURS = { typical: 1, worst: 24 };

interface Answered {
  response: GatewayResponse;
  /** On the compressed clock. */
  at: number;
}

function batchKind(model: ResolvedModel): "openai" | "anthropic" | undefined {
  return model.providerKind === "openai" || model.providerKind === "anthropic"
    ? model.providerKind
    : undefined;
}

/**
 * dx.rehearse(): runs the study against provider-sim with the user's limits and prices, on a clock
 * k times faster than the wall, and reports projected cost and wall time for interactive and batch
 * modes side by side. Nothing is spent and no key is read; the records go to a ledger of their own
 * (`<notebook>.rehearsal.provenance.jsonl`), every one marked simulated.
 */
export async function rehearseStudy(
  ctx: AnalyzeContext,
  texts: readonly TextInput[],
  options: RehearseOptions,
): Promise<Rehearsal> {
  const {
    timeCompression,
    targetSeconds = 30,
    latency = DEFAULT_REHEARSAL_LATENCY,
    batchHours,
    ...analyze
  } = options;
  const hours = { ...DEFAULT_BATCH_HOURS, ...batchHours };
  const models = new Map<string, ResolvedModel>();
  for (const name of analyze.models ?? []) models.set(name, ctx.gateway.resolve(name));
  // Planned on a throwaway gateway (no ledger, no cache, nothing called): the first estimate that
  // chooses k, which the simulator needs from its start.
  const unused = { openaiBaseUrl: "http://127.0.0.1:9/v1", anthropicBaseUrl: "http://127.0.0.1:9" };
  const planner = new Gateway({
    config: rehearsalGatewayConfig(ctx.gateway.config, unused),
    env: REHEARSAL_ENV,
    cache: false,
  });
  const concurrency = ctx.gateway.config.concurrency ?? 16;
  const { calls } = await planStudy(
    { gateway: planner, ledger: ctx.ledger, notebookDir: ctx.notebookDir },
    texts,
    analyze,
    randomUUID(),
  );
  const demands = new Map<string, ModelDemand>();
  for (const call of calls) {
    const model = models.get(call.model)!;
    if (!isPaidKind(model.providerKind)) continue;
    let d = demands.get(call.model);
    if (!d)
      demands.set(
        call.model,
        (d = { calls: 0, inputTokens: 0, maxTokens: 0, limits: configuredLimits(planner, model) }),
      );
    const estimate = planner.estimate(call.request);
    d.calls++;
    d.inputTokens += estimate.inputTokens;
    d.maxTokens += estimate.maxTokens;
  }
  const k =
    timeCompression ??
    timeCompressionFor(roughWallSeconds([...demands.values()], latency, concurrency), targetSeconds);
  if (!(Number.isFinite(k) && k >= 1))
    throw new RangeError(`timeCompression must be a number of 1 or more, got ${String(timeCompression)}.`);
  const simModels = rehearsalSimModels([...models.values()], latency);
  // The simulator's latency runs on the same compressed time as the gateway's clock.
  const sim = await startSimulator({
    ...(simModels.length > 0 ? { models: simModels } : {}),
    latency,
    timeScale: 1 / k,
    // A batch's turnaround is an assumption stated in the table, not measured: keep it short.
    batch: { processingMs: 200 * k },
  });
  let ledger: Ledger | undefined;
  try {
    const config = rehearsalGatewayConfig(ctx.gateway.config, sim);

    ledger = await Ledger.open(rehearsalLedgerPath(ctx.ledger.path), {
      notebook: ctx.notebookPath,
      store: ctx.ledger.store,
      boundBy: "rehearsal",
      tools: { "@discernus/kernel-helpers": "0.1.0", node: process.version },
    });
    const clock = compressedClock(k);
    const gateway = new Gateway({
      config,
      configSource: "rehearsal (the session's config, providers pointed at provider-sim)",
      env: REHEARSAL_ENV,
      // Every call is made: a rehearsal measures the whole study, not what an earlier one answered.
      cache: false,
      recorder: ledger,
      clock,
    });
    const answered: Answered[] = [];
    const unsubscribe = gateway.on((event) => {
      if (event.type === "done") answered.push({ response: event.response, at: event.at });
    });
    const startedReal = Date.now();
    const started = clock.now();
    let run: string;
    try {
      const study = await analyzeStudy({ ...ctx, gateway, ledger, display: silentDisplay }, texts, {
        ...analyze,
        label: `rehearsal: ${analyze.label ?? "study"}`,
      });
      run = study.run;
    } finally {
      unsubscribe();
    }
    const ended = clock.now();
    const measuredSeconds = (Date.now() - startedReal) / 1000;

    let batchRun: BatchRehearsal | undefined;
    let batchMethod =
      "the rehearsed calls' usage priced with the providers' batch discount; the study was also run through the batch path against provider-sim (the batch-path column: what its batches billed, with each batch's own prompt cache)";
    try {
      const batchGateway = new Gateway({ config, env: REHEARSAL_ENV, cache: false, recorder: ledger });
      batchRun = await rehearseBatch({ ...ctx, gateway: batchGateway, ledger }, texts, analyze);
    } catch (err) {
      // The interactive projection stands on its own; batch cost is then computed from its usage.
      batchMethod = `the rehearsed calls' usage priced with the providers' batch discount (the batch path could not be rehearsed: ${
        err instanceof Error ? err.message : String(err)
      })`;
    }

    const rows: RehearsalRow[] = [];
    const interactive: RehearsalRow[] = [];
    const batch: RehearsalRow[] = [];
    for (const [name, model] of models) {
      const mine = answered.filter((a) => a.response.requestedModel === name);
      const costNanoUsd = mine.reduce((s, a) => s + a.response.cost.totalNanoUsd, 0);
      const wallSeconds = mine.reduce((s, a) => Math.max(s, (a.at - started) / 1000), 0);
      interactive.push({
        mode: "interactive",
        model: name,
        calls: mine.length,
        costNanoUsd,
        cost: formatUsd(costNanoUsd),
        wallSeconds,
        worstWallSeconds: wallSeconds,
      });
      const kind = batchKind(model);
      // Only OpenAI and Anthropic have Batch APIs the gateway drives; the rest run live in batch mode too.
      const billed = kind ? batchRun?.get(name) : undefined;
      // Priced from the interactive usage, so that the two modes differ by the discount alone.
      const batchCost = kind
        ? mine.reduce(
            (s, a) =>
              s + batchItemCost(a.response.usage, gateway.resolve(a.response.model), kind).totalNanoUsd,
            0,
          )
        : costNanoUsd;
      batch.push({
        mode: "batch",
        model: name,
        calls: mine.length,
        costNanoUsd: batchCost,
        cost: formatUsd(batchCost),
        ...(billed
          ? { batchPathCostNanoUsd: billed.costNanoUsd, batchPathCost: formatUsd(billed.costNanoUsd) }
          : {}),
        wallSeconds: kind ? hours.typical * 3600 : wallSeconds,
        worstWallSeconds: kind ? hours.worst * 3600 : wallSeconds,
      });
    }
    const total = (mode: "interactive" | "batch", list: RehearsalRow[], wall: number, worst: number) => {
      const costNanoUsd = list.reduce((s, r) => s + r.costNanoUsd, 0);
      const billed = list.filter((r) => r.batchPathCostNanoUsd !== undefined);
      // Models without a Batch API run live in batch mode too: their cost is the same either way.
      const batchPathNanoUsd = list.reduce((s, r) => s + (r.batchPathCostNanoUsd ?? r.costNanoUsd), 0);
      return {
        mode,
        model: "all",
        calls: list.reduce((s, r) => s + r.calls, 0),
        costNanoUsd,
        cost: formatUsd(costNanoUsd),
        ...(billed.length > 0
          ? { batchPathCostNanoUsd: batchPathNanoUsd, batchPathCost: formatUsd(batchPathNanoUsd) }
          : {}),
        wallSeconds: wall,
        worstWallSeconds: worst,
      };
    };
    const interactiveWall = (ended - started) / 1000;
    rows.push(...interactive, total("interactive", interactive, interactiveWall, interactiveWall));
    rows.push(
      ...batch,
      total(
        "batch",
        batch,
        Math.max(0, ...batch.map((r) => r.wallSeconds)),
        Math.max(0, ...batch.map((r) => r.worstWallSeconds)),
      ),
    );
    const limits: Record<string, RateLimitConfig | "none"> = {};
    for (const [name, model] of models)
      if (isPaidKind(model.providerKind)) limits[name] = configuredLimits(gateway, model) ?? "none";
    const rehearsal: Rehearsal = {
      rows,
      assumptions: {
        limits,
        latency,
        timeCompression: k,
        concurrency,
        batchHours: hours,
        batchMethod,
        localModels: [...models].filter(([, m]) => m.providerKind === "local").map(([n]) => n),
      },
      measuredSeconds,
      ledgerPath: ledger.path,
      run,
    };
    ctx.display.show(rehearsalOutput(rehearsal));
    return rehearsal;
  } finally {
    await ledger?.close();
    await sim.close();
  }
}
