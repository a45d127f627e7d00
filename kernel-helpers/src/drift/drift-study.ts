import { randomUUID } from "node:crypto";
import { buildAnalysisRequest, frameworkHash, type Framework } from "@discernus/analysis";
import { DiscernusError, formatUsd, type Gateway } from "@discernus/gateway";
import type { Ledger } from "@discernus/provenance";
import type { KernelDisplay } from "../display/kernel-display.js";
import { resolveFramework } from "../study/analyze-study.js";
import { instrumentDimension } from "../study/instrument-dimension.js";
import { runPerModelPool } from "../study/run-per-model-pool.js";
import { BudgetTooSmallError } from "../study/study-errors.js";
import { agreementDrift, DRIFT_VERDICT_RULE } from "./agreement-drift.js";
import { answerScores } from "./answer-scores.js";
import { driftChart } from "./drift-chart.js";
import {
  DriftFrameworkMismatchError,
  DriftHashLedgerError,
  DriftInvalidError,
  DriftTooCostlyError,
} from "./drift-errors.js";
import { DEFAULT_DRIFT_SAMPLE, type DriftOptions } from "./drift-options.js";
import { estimateOutput } from "./drift-outputs.js";
import { driftRequest } from "./drift-request.js";
import { driftRows, type AnswerPair } from "./drift-rows.js";
import { driftSample } from "./drift-sample.js";
import { driftEstimate } from "./drift-estimate.js";
import type { Drift } from "./drift.js";
import type { PlannedAsk } from "./planned-ask.js";
import { readRecordedRun } from "./recorded-run.js";

export interface DriftContext {
  gateway: Gateway;
  ledger: Ledger;
  display: KernelDisplay;
  /** Relative framework paths are read from here (the notebook's folder). */
  notebookDir: string;
}

function checkNumber(value: number | undefined, name: string, min: number, integer: boolean): void {
  if (value === undefined) return;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  )
    throw new DriftInvalidError(
      `${name} must be ${integer ? "a whole number" : "a number"} from ${min} up, got ${JSON.stringify(value)}.`,
    );
}

async function checkedFramework(
  ctx: DriftContext,
  options: DriftOptions,
  run: string,
  recorded: string | undefined,
): Promise<Framework> {
  if (options.framework === undefined)
    throw new DriftInvalidError(
      `pass framework: the framework file run ${run} used (sha256 ${recorded?.slice(0, 12) ?? "unknown"}...), to read scores from its answers.`,
    );
  const framework = await resolveFramework(options.framework, ctx.notebookDir);
  const hash = frameworkHash(framework);
  if (hash !== recorded) throw new DriftFrameworkMismatchError(run, recorded, hash);
  return framework;
}

/**
 * dx.drift(): asks a seeded sample of a run's recorded calls again, live, with the same requests,
 * and reports per model x dimension how many answers changed and by how much, and whether the
 * models' agreement still holds. Shows the cost estimate before any call (the results are the
 * caller's to show: see showDrift); the calls are a `drift` run in the ledger.
 */
export async function driftStudy(ctx: DriftContext, options: DriftOptions = {}): Promise<Drift> {
  checkNumber(options.sample, "sample", 1, true);
  checkNumber(options.seed, "seed", -(2 ** 31), true);
  checkNumber(options.maxUsd, "maxUsd", 0, false);
  checkNumber(options.resamples, "resamples", 1, true);
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? "interval";
  if (ctx.ledger.store === "hash") throw new DriftHashLedgerError(ctx.ledger.path);
  if (ctx.gateway.mode === "replay")
    throw new DriftInvalidError(
      'a replay session answers only from the ledger, and a drift check asks providers: open the session with mode "live".',
    );

  const { run, units } = await readRecordedRun(ctx.ledger.path, options.run);
  const framework = await checkedFramework(ctx, options, run.run, run.framework);
  const unknown = (options.models ?? []).filter((m) => !run.models.includes(m));
  if (unknown.length > 0)
    throw new DriftInvalidError(
      `run ${run.run} has no model ${unknown.join(", ")}; its models: ${run.models.join(", ")}.`,
    );
  const asked = options.models && options.models.length > 0 ? [...options.models] : run.models;
  // The first repeat stands for each text and model: its request is the run's own (repeats differ by seed).
  const firsts = units.filter((u) => u.repeat === "1");
  if (firsts.some((u) => u.record.store === "hash" || u.record.response?.text === undefined))
    throw new DriftHashLedgerError(ctx.ledger.path);
  const items = driftSample(
    firsts.filter((u) => asked.includes(u.model)).map((u) => u.item),
    options.sample ?? DEFAULT_DRIFT_SAMPLE,
    seed,
  );
  if (items.length === 0)
    throw new DriftInvalidError(`run ${run.run} has no answered call of ${asked.join(", ")} to ask again.`);
  const chosen = new Set(items);
  const sampled = firsts.filter((u) => chosen.has(u.item));

  const driftRun = randomUUID();
  const frameworkFormat = buildAnalysisRequest(framework, "", { model: asked[0]! }).responseFormat;
  const isInstrument = (model: string) => ctx.gateway.resolve(model).providerKind === "local";
  const asks: PlannedAsk[] = sampled
    .filter((u) => asked.includes(u.model))
    .map((unit) => ({
      unit,
      model: unit.model,
      instrument: isInstrument(unit.model),
      request: driftRequest(
        ctx.gateway,
        unit.record,
        { run: driftRun, drift: run.run, item: unit.item, repeat: unit.repeat, recorded: unit.record.call },
        frameworkFormat,
      ),
    }));

  const estimate = driftEstimate(ctx.gateway, run.run, items.length, asks);
  ctx.display.show(estimateOutput(estimate));
  if (options.maxUsd !== undefined && estimate.worstCaseNanoUsd > options.maxUsd * 1e9)
    throw new DriftTooCostlyError(estimate.worstCaseNanoUsd, options.maxUsd);
  const budget = ctx.gateway.budget.state();
  if (budget.capNanoUsd !== null) {
    const remaining = budget.capNanoUsd - budget.spentNanoUsd - budget.reservedNanoUsd;
    if (estimate.worstCaseNanoUsd > remaining)
      throw new BudgetTooSmallError(estimate.worstCaseNanoUsd, remaining, asks.length);
  }
  if (options.dryRun)
    return {
      of: run.run,
      run: undefined,
      dryRun: true,
      estimate,
      items,
      rows: [],
      agreement: [],
      rule: DRIFT_VERDICT_RULE,
      totals: { calls: 0, failed: 0, costNanoUsd: 0, cost: formatUsd(0) },
      drifted: [],
      chart: undefined,
    };

  const frameworkSha = frameworkHash(framework);
  await ctx.ledger.recordRun({
    run: driftRun,
    phase: "start",
    kind: "drift",
    of: run.run,
    framework: frameworkSha,
    models: [...new Set(asks.map((a) => a.model))],
    items: items.length,
  });
  const width = 2 * (ctx.gateway.config.concurrency ?? 16);
  const live = await runPerModelPool(asks, width, async (ask) => {
    try {
      const response = await ctx.gateway.complete(ask.request);
      return answerScores(framework, response, ask.instrument, ask.model);
    } catch (err) {
      // A failed or refused call is a row's `failed`, not a lost check; anything else is a bug to surface.
      if (err instanceof DiscernusError) return undefined;
      throw err;
    }
  });
  const byRun = ctx.ledger.totals.byRun[driftRun];
  const totals = {
    calls: byRun?.calls ?? 0,
    cacheHits: byRun?.cacheHits ?? 0,
    failed: byRun?.failed ?? 0,
    costNanoUsd: byRun?.costNanoUsd ?? 0,
  };
  await ctx.ledger.recordRun({
    run: driftRun,
    phase: "end",
    kind: "drift",
    of: run.run,
    framework: frameworkSha,
    models: [...new Set(asks.map((a) => a.model))],
    items: items.length,
    totals,
  });

  const recordedScores = new Map<string, Record<string, number>>();
  for (const u of sampled)
    recordedScores.set(
      JSON.stringify([u.item, u.model]),
      answerScores(framework, u.record.response!, isInstrument(u.model), u.model),
    );
  const liveScores = new Map<string, Record<string, number> | undefined>();
  asks.forEach((ask, i) => liveScores.set(JSON.stringify([ask.unit.item, ask.model]), live[i]));
  const pairs: AnswerPair[] = asks.map((ask, i) => ({
    model: ask.model,
    item: ask.unit.item,
    recorded: recordedScores.get(JSON.stringify([ask.unit.item, ask.model])) ?? {},
    live: live[i],
  }));
  const dimensionsOf = (model: string) =>
    isInstrument(model) ? [instrumentDimension(framework, model).id] : framework.dimensions.map((d) => d.id);
  const rows = driftRows(pairs, dimensionsOf, { seed, resamples });
  const scoreOf = (scores: Record<string, number> | undefined, dimension: string) =>
    scores?.[dimension] ?? null;
  const agreement = agreementDrift(
    items,
    run.models,
    framework.dimensions.map((d) => d.id),
    (item, model, d) => scoreOf(recordedScores.get(JSON.stringify([item, model])), d),
    (item, model, d) => {
      const key = JSON.stringify([item, model]);
      return liveScores.has(key) ? scoreOf(liveScores.get(key), d) : scoreOf(recordedScores.get(key), d);
    },
    { level, seed, resamples },
  );
  const drift: Drift = {
    of: run.run,
    run: driftRun,
    dryRun: false,
    estimate,
    items,
    rows,
    agreement,
    rule: DRIFT_VERDICT_RULE,
    totals: {
      calls: totals.calls,
      failed: totals.failed,
      costNanoUsd: totals.costNanoUsd,
      cost: formatUsd(totals.costNanoUsd),
    },
    drifted: [...new Set(rows.filter((r) => r.changed > 0).map((r) => r.model))],
    chart: rows.length > 0 ? driftChart(rows, run.run) : undefined,
  };
  return drift;
}
