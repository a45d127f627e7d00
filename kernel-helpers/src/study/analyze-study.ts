import { createHash, randomUUID } from "node:crypto";
import { basename, resolve } from "node:path";
import {
  AnswerInvalidError,
  buildAnalysisRequest,
  frameworkHash,
  loadFramework,
  parseAnswer,
  retryMessages,
  validateFramework,
  type Framework,
  type MeasurementLevel,
} from "@discernus/analysis";
import {
  canonicalJson,
  DiscernusError,
  isBatchProviderKind,
  type Gateway,
  type GatewayRequest,
  type GatewayResponse,
} from "@discernus/gateway";
import type { Ledger } from "@discernus/provenance";
import type { KernelDisplay } from "../display/kernel-display.js";
import { studyOutputs } from "../display/study-outputs.js";
import { telemetryBundle } from "../telemetry/progress-line.js";
import { TelemetryTracker } from "../telemetry/telemetry-snapshot.js";
import { projectSpend } from "../telemetry/project-spend.js";
import { ThrottledPublisher } from "../telemetry/throttled-publisher.js";
import { instrumentDimension, rescaleInstrumentScore } from "./instrument-dimension.js";
import type { ResultRow } from "./result-row.js";
import { runPerModelPool } from "./run-per-model-pool.js";
import { Study } from "./study.js";
import { BudgetTooSmallError, CorpusInvalidError } from "./study-errors.js";
import { normalizeTexts, type CorpusItem, type TextInput } from "./text-input.js";
import type { BatchModeOptions } from "../batch/batch-mode-options.js";
import { runBatchCalls, type BatchAnswer } from "../batch/run-batch-calls.js";

export interface AnalyzeOptions {
  /** A framework object, or the path of a framework file (relative to the notebook's folder). */
  framework: Framework | Record<string, unknown> | string;
  /** Model names or aliases from the config, e.g. "openai/gpt-4o-mini", "local/vader". */
  models: readonly string[];
  /** Score each text this many times per model (distinct seeds); the median is reported with the spread. */
  repeats?: number;
  /** Pay for new answers even where the ledger has them. */
  fresh?: boolean;
  maxTokens?: number;
  temperature?: number;
  /** Shown in the progress line and the sidebar. */
  label?: string;
  /** Measurement level for agreement statistics (default "interval"). */
  level?: MeasurementLevel;
  /**
   * `"batch"`: calls to OpenAI and Anthropic models go through the providers' Batch APIs, at half
   * the price, within their 24-hour window; local models still run at once. Default `"interactive"`.
   */
  mode?: "interactive" | "batch";
  /** Batch mode's polling, batch size, and whether the cell waits (see BatchModeOptions). */
  batch?: BatchModeOptions;
}

export interface StudyContext {
  gateway: Gateway;
  ledger: Ledger;
  notebookDir: string;
}

/** What analyze() needs beyond planning: where to show progress and whose spend it adds to. */
export interface AnalyzeContext extends StudyContext {
  display: KernelDisplay;
  notebookPath: string;
  /** The folder of discernus.config.json (or the notebook's): its ledgers are the project's spend. */
  projectRoot: string;
}

export interface PlannedCall {
  item: CorpusItem;
  model: string;
  repeat: number;
  request: GatewayRequest;
  /** The request hash the ledger answers it by. */
  key: string;
  /** Set for lexicon instruments: the one dimension they fill. */
  instrument?: string;
}

export async function resolveFramework(
  spec: AnalyzeOptions["framework"],
  notebookDir: string,
): Promise<Framework> {
  if (typeof spec === "string") return loadFramework(resolve(notebookDir, spec));
  return validateFramework(spec, "analyze({ framework })");
}

const PLAN_CHUNK = 5_000;

/** Every call a study makes, validated and resolved before anything is sent. */
export async function planStudy(
  ctx: StudyContext,
  texts: readonly TextInput[],
  options: AnalyzeOptions,
  run: string,
  onPlanned?: (planned: number, total: number) => void,
): Promise<{ framework: Framework; items: CorpusItem[]; calls: PlannedCall[] }> {
  const items = normalizeTexts(texts);
  if (!Array.isArray(options.models) || options.models.length === 0)
    throw new CorpusInvalidError(
      'no models: pass models: ["openai/gpt-4o-mini", ...] (names or aliases from discernus.config.json).',
    );
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100)
    throw new CorpusInvalidError(
      `repeats must be a whole number from 1 to 100, got ${String(options.repeats)}.`,
    );
  const framework = await resolveFramework(options.framework, ctx.notebookDir);
  const calls: PlannedCall[] = [];
  const total = options.models.length * items.length * repeats;
  for (const model of options.models) {
    const resolved = ctx.gateway.resolve(model);
    const instrument =
      resolved.providerKind === "local" ? instrumentDimension(framework, model).id : undefined;
    for (const item of items)
      for (let repeat = 1; repeat <= repeats; repeat++) {
        const request = buildAnalysisRequest(framework, item.text, {
          model,
          ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
          // Repeats differ by seed, so each is its own request (and its own ledger record).
          ...(repeats > 1 ? { seed: repeat } : {}),
        });
        request.tags = { run, item: item.id, repeat: String(repeat) };
        if (options.fresh) request.fresh = true;
        // Validates the request, resolves its models and finds their keys now, so a typo or a missing
        // key fails before any call.
        const key = ctx.gateway.requestKey(request);
        calls.push({ item, model, repeat, request, key, ...(instrument ? { instrument } : {}) });
        // Planning a 100,000-text study takes tens of seconds: the cell says how far it is.
        if (onPlanned && calls.length % PLAN_CHUNK === 0) {
          onPlanned(calls.length, total);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
  }
  return { framework, items, calls };
}

/** Whether the gateway will answer the call from the ledger, at no cost. */
export async function answeredByLedger(ctx: StudyContext, call: PlannedCall): Promise<boolean> {
  return !call.request.fresh && (await ctx.ledger.get(call.key)) !== undefined;
}

/**
 * Whether batch mode sends the call through a Batch API (its provider has one, the ledger has no
 * answer). Never in replay: a replay answers every call from the ledger, batch items included.
 */
async function goesByBatch(ctx: StudyContext, call: PlannedCall): Promise<boolean> {
  return (
    ctx.gateway.mode === "live" &&
    isBatchProviderKind(ctx.gateway.resolve(call.model).providerKind) &&
    !(await answeredByLedger(ctx, call))
  );
}

/**
 * What the calls the ledger cannot answer could cost at worst, and which of them go by batch in
 * batch mode (priced at the batch discount). A request asked twice (the same text twice) is
 * answered once and counted once; requests in a batch in flight are already reserved.
 */
export async function uncachedWorstCase(
  ctx: StudyContext,
  calls: readonly PlannedCall[],
  mode: "interactive" | "batch" = "interactive",
): Promise<{ worstCaseNanoUsd: number; uncached: number; batched: PlannedCall[] }> {
  let worstCaseNanoUsd = 0;
  let uncached = 0;
  const batched: PlannedCall[] = [];
  const seen = new Set<string>();
  const inFlight = new Set<string>();
  if (mode === "batch")
    for (const batch of ctx.ledger.batches)
      if (!batch.collected)
        for (const item of await ctx.ledger.batchItems(batch.batch)) inFlight.add(item.customId);
  for (const call of calls) {
    if (mode === "batch" && (await goesByBatch(ctx, call))) {
      batched.push(call);
      if (seen.has(call.key) || inFlight.has(call.key)) continue;
      seen.add(call.key);
      uncached++;
      worstCaseNanoUsd += ctx.gateway.batchWorstCase(call.request);
      continue;
    }
    if (await answeredByLedger(ctx, call)) continue;
    uncached++;
    worstCaseNanoUsd += ctx.gateway.estimate(call.request).worstCaseNanoUsd;
  }
  return { worstCaseNanoUsd, uncached, batched };
}

function rowsFor(
  framework: Framework,
  call: PlannedCall,
  responses: GatewayResponse[],
  scores: Record<string, { value: number; label: string; evidence: string }> | undefined,
  status: string,
  raw?: string,
): ResultRow[] {
  const last = responses.at(-1);
  const dimensions = call.instrument
    ? framework.dimensions.filter((d) => d.id === call.instrument)
    : framework.dimensions;
  return dimensions.map((d) => ({
    text: call.item.id,
    model: call.model,
    dimension: d.id,
    repeat: call.repeat,
    score: scores?.[d.id]?.value ?? null,
    label: scores?.[d.id]?.label ?? null,
    evidence: scores?.[d.id]?.evidence ?? raw ?? "",
    callId: last?.callId ?? "",
    costNanoUsd: responses.reduce((s, r) => s + r.cost.totalNanoUsd, 0),
    latencyMs: responses.reduce((s, r) => s + r.latencyMs, 0),
    cached: responses.length > 0 && responses.every((r) => r.cached),
    simulated: responses.some((r) => r.simulated),
    status,
  }));
}

/**
 * Scores one planned call: from its answer as a batch item when it has one (`answered`), else by
 * calling the gateway now. An answer that does not fit the framework gets one interactive retry.
 */
async function runCall(
  ctx: StudyContext,
  framework: Framework,
  call: PlannedCall,
  answered?: BatchAnswer,
  onAnswer?: (response: GatewayResponse) => void,
): Promise<ResultRow[]> {
  let first: GatewayResponse;
  if (answered && "code" in answered)
    return rowsFor(framework, call, [], undefined, answered.code, answered.message);
  if (answered) first = answered;
  else
    try {
      first = await ctx.gateway.complete(call.request);
      onAnswer?.(first);
    } catch (err) {
      if (!(err instanceof DiscernusError)) throw err;
      // Spending stops at the budget: the calls refused are rows without a score, not a lost study.
      return rowsFor(framework, call, [], undefined, err.code, err.message);
    }
  if (call.instrument) {
    const score = (first.json as { score?: unknown } | undefined)?.score;
    const dimension = framework.dimensions.find((d) => d.id === call.instrument)!;
    if (typeof score !== "number")
      return rowsFor(framework, call, [first], undefined, "invalid_answer", first.text);
    const value = rescaleInstrumentScore(score, dimension);
    return rowsFor(
      framework,
      call,
      [first],
      { [dimension.id]: { value, label: String(value), evidence: "" } },
      "ok",
    );
  }
  const parse = (response: GatewayResponse) => {
    const answer = parseAnswer(framework, response.json ?? response.text);
    return Object.fromEntries(
      Object.entries(answer.scores).map(([id, s]) => [
        id,
        { value: s.value, label: String(s.score), evidence: s.evidence ?? "" },
      ]),
    );
  };
  try {
    return rowsFor(framework, call, [first], parse(first), "ok");
  } catch (err) {
    if (!(err instanceof AnswerInvalidError)) throw err;
    // One retry that shows the model what was wrong; a second invalid answer is kept as it came.
    const retry = retryMessages(call.request, first.text, err);
    let second: GatewayResponse;
    try {
      second = await ctx.gateway.complete(retry);
    } catch (retryErr) {
      if (!(retryErr instanceof DiscernusError)) throw retryErr;
      return rowsFor(framework, call, [first], undefined, "invalid_answer", first.text);
    }
    try {
      return rowsFor(framework, call, [first, second], parse(second), "ok");
    } catch (again) {
      if (!(again instanceof AnswerInvalidError)) throw again;
      return rowsFor(framework, call, [first, second], undefined, "invalid_answer", second.text);
    }
  }
}

/** A batched call waiting for its answer, and for whom (its model, as the study named it). */
interface WaitingCall {
  model: string;
  resolve(answer: BatchAnswer): void;
  reject(err: unknown): void;
}

const PENDING: BatchAnswer = { code: "batch_pending", message: "no batch answered it yet" };

/**
 * Counts one batch's answers in the run's progress, at their discounted cost, once per call that
 * waits for them (a request asked twice was answered, and paid, once: its second call is free).
 */
function countBatchAnswers(
  ctx: StudyContext,
  tracker: TelemetryTracker,
  answers: ReadonlyMap<string, BatchAnswer>,
  waiting: ReadonlyMap<string, readonly WaitingCall[]>,
): void {
  const budget = ctx.gateway.budget.state();
  const at = Date.now();
  for (const [key, answer] of answers) {
    if ("code" in answer && answer.code === "batch_pending") continue;
    for (const [i, { model }] of (waiting.get(key) ?? []).entries()) {
      if ("code" in answer) tracker.onBatchAnswer({ callId: key, model, at }, answer, budget);
      else
        tracker.onBatchAnswer(
          { callId: answer.callId, model, at },
          i === 0 ? answer : { ...answer, cost: { totalNanoUsd: 0 } },
          budget,
        );
    }
  }
}

/**
 * The digest an output carries: what the study found (not how fast, nor whether from the ledger):
 * sha256 of the canonical JSON array of the rows' findings, hashed row by row so that a
 * 400,000-row study never builds that array as one string.
 */
export function resultDigest(rows: readonly ResultRow[]): string {
  const hash = createHash("sha256").update("[");
  rows.forEach((r, i) => {
    if (i > 0) hash.update(",");
    hash.update(
      canonicalJson({
        text: r.text,
        model: r.model,
        dimension: r.dimension,
        repeat: r.repeat,
        score: r.score,
        label: r.label,
        evidence: r.evidence,
        status: r.status,
      }),
    );
  });
  return hash.update("]").digest("hex");
}

/** dx.analyze(): plans, checks the budget, runs every call with live progress, and records the run. */
export async function analyzeStudy(
  ctx: AnalyzeContext,
  texts: readonly TextInput[],
  options: AnalyzeOptions,
): Promise<Study> {
  const run = randomUUID();
  const mode = options.mode ?? "interactive";
  if (mode !== "interactive" && mode !== "batch")
    throw new CorpusInvalidError(
      `mode must be "interactive" or "batch", got ${JSON.stringify(options.mode)}.`,
    );
  const live = ctx.display.live();
  const { framework, items, calls } = await planStudy(ctx, texts, options, run, (planned, total) =>
    live.update({
      data: { "text/plain": `planning: ${planned} of ${total} calls checked (request, model, price, key)` },
    }),
  );
  const { worstCaseNanoUsd, uncached, batched } = await uncachedWorstCase(ctx, calls, mode);
  const budget = ctx.gateway.budget.state();
  if (budget.capNanoUsd !== null) {
    const remaining = budget.capNanoUsd - budget.spentNanoUsd - budget.reservedNanoUsd;
    if (worstCaseNanoUsd > remaining) throw new BudgetTooSmallError(worstCaseNanoUsd, remaining, uncached);
  }
  const models = [...new Set(calls.map((c) => c.model))];
  await ctx.ledger.recordRun({
    run,
    phase: "start",
    framework: frameworkHash(framework),
    models,
    items: items.length,
  });

  const label = options.label ?? `${framework.name} x ${models.length} model(s)`;
  const project = await projectSpend(ctx.projectRoot, ctx.ledger.path);
  const tracker = new TelemetryTracker(run, label, calls.length, Date.now, {
    notebook: {
      path: basename(ctx.notebookPath),
      ledger: basename(ctx.ledger.path),
      priorSpentNanoUsd: ctx.ledger.totals.all.costNanoUsd,
    },
    project: { priorSpentNanoUsd: project.spentNanoUsd, ledgers: project.ledgers },
  });
  tracker.onBudget(ctx.gateway.budget.state());
  const publisher = new ThrottledPublisher(() => live.update(telemetryBundle(tracker.snapshot())));
  const unsubscribe = ctx.gateway.on((event) => {
    tracker.onEvent(event);
    publisher.poke();
  });
  let rows: ResultRow[];
  let batchItems = 0;
  try {
    publisher.final();
    // Each batched call waits for its own answer, which arrives with its batch's results.
    const waiting = new Map<string, WaitingCall[]>();
    const answerOf = (call: PlannedCall) =>
      new Promise<BatchAnswer>((resolve, reject) => {
        let list = waiting.get(call.key);
        if (!list) waiting.set(call.key, (list = []));
        list.push({ model: call.model, resolve, reject });
      });
    const batchedRows = batched.map((call) =>
      answerOf(call).then((answer) => runCall(ctx, framework, call, answer)),
    );
    const byBatch = new Map(batched.map((call, i) => [call, batchedRows[i]!]));
    const batchRun =
      batched.length === 0
        ? Promise.resolve()
        : runBatchCalls(
            ctx,
            batched,
            run,
            options.batch ?? {},
            (progress) => {
              tracker.onBatch(progress);
              // Submitting or resuming a batch reserves its worst case without a gateway event.
              tracker.onBudget(ctx.gateway.budget.state());
              publisher.poke();
            },
            (answers) => {
              countBatchAnswers(ctx, tracker, answers, waiting);
              for (const [key, answer] of answers) {
                if (!("code" in answer) && waiting.has(key)) batchItems++;
                for (const w of waiting.get(key) ?? []) w.resolve(answer);
                waiting.delete(key);
              }
              publisher.poke();
            },
          ).then(
            () => {
              for (const list of waiting.values()) for (const w of list) w.resolve(PENDING);
              waiting.clear();
            },
            (err: unknown) => {
              for (const list of waiting.values()) for (const w of list) w.reject(err);
              waiting.clear();
              throw err;
            },
          );
    // In plan order, whichever way each call is answered: the result digest depends on it.
    // Twice the gateway's concurrency per model keeps every slot busy, and no more calls waiting.
    const width = 2 * (ctx.gateway.config.concurrency ?? 16);
    const liveCalls = calls.filter((call) => !byBatch.has(call));
    const [, liveRows] = await Promise.all([
      batchRun,
      runPerModelPool(liveCalls, width, (call) =>
        runCall(ctx, framework, call, undefined, (response) => {
          // A reproduction replays batch items one by one: the study still counts them as the batch items they were.
          if (response.replayOf !== undefined && response.batchId !== undefined) batchItems++;
        }),
      ),
    ]);
    const rowsOf = new Map(liveCalls.map((call, i) => [call, liveRows[i]!]));
    const perCall = await Promise.all(calls.map((call) => byBatch.get(call) ?? rowsOf.get(call)!));
    rows = perCall.flat();
    tracker.finish("done");
  } catch (err) {
    tracker.finish("failed");
    throw err;
  } finally {
    unsubscribe();
    publisher.final();
  }
  const digest = resultDigest(rows);
  const byRun = ctx.ledger.totals.byRun[run];
  const totals = {
    calls: byRun?.calls ?? 0,
    cacheHits: byRun?.cacheHits ?? 0,
    failed: byRun?.failed ?? 0,
    costNanoUsd: byRun?.costNanoUsd ?? 0,
  };
  const unscored = new Map<
    string,
    { item: string; model: string; repeat: number; status: string; call?: string }
  >();
  for (const r of rows)
    if (r.status !== "ok")
      unscored.set(`${r.text}|${r.model}|${r.repeat}`, {
        item: r.text,
        model: r.model,
        repeat: r.repeat,
        status: r.status,
        ...(r.callId ? { call: r.callId } : {}),
      });
  await ctx.ledger.recordRun({
    run,
    phase: "end",
    ...(unscored.size > 0 ? { unscored: [...unscored.values()] } : {}),
    framework: frameworkHash(framework),
    models,
    items: items.length,
    digest,
    totals,
  });
  const study = new Study({
    run,
    digest,
    framework,
    items,
    models,
    rows,
    totals,
    level: options.level ?? "interval",
    batchItems,
  });
  for (const output of studyOutputs(study)) ctx.display.show(output);
  return study;
}
