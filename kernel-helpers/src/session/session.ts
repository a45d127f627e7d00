import { formatUsd, Gateway, type GatewayConfig } from "@discernus/gateway";
import { dirname } from "node:path";
import { findNotebook, Ledger, type StoreMode } from "@discernus/provenance";
import { kernelDisplay, type KernelDisplay } from "../display/kernel-display.js";
import { analyzeStudy, type AnalyzeOptions } from "../study/analyze-study.js";
import type { TextInput } from "../study/text-input.js";
import { estimateStudy, type StudyEstimate } from "../study/estimate-study.js";
import type { Study } from "../study/study.js";
import { CONFIG_FILE, findConfig } from "./find-config.js";
import { rehearseStudy } from "../rehearse/rehearse-study.js";
import type { Rehearsal, RehearseOptions } from "../rehearse/rehearsal.js";
import { showDrift } from "../drift/show-drift.js";
import type { Drift } from "../drift/drift.js";
import type { DriftOptions } from "../drift/drift-options.js";
import { REPRODUCE_FROM_ENV } from "../reproduce/reproduce-from-env.js";
import { showReproduction } from "../reproduce/show-reproduction.js";
import type { Reproduction, ReproduceOptions } from "../reproduce/reproduction.js";

export interface SessionOptions {
  /** The notebook this session records for; found from the kernel's environment when absent. */
  notebook?: string;
  /** A gateway config, or the path of a config file; default: discernus.config.json found above the notebook. */
  config?: Record<string, unknown> | GatewayConfig;
  /** Caps this session's spend (overrides the config's budget). */
  budgetUsd?: number;
  /** `"hash"` keeps only sha256 of texts and answers in the ledger. Default "full" (or the config's `store`). */
  store?: StoreMode;
  /**
   * `"replay"` answers only from the ledger and never calls a provider (no keys needed). A
   * reproduction (`discernus reproduce`, `dx.reproduce()`) always replays, whatever is asked here.
   */
  mode?: "live" | "replay";
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface Session {
  readonly notebookPath: string;
  readonly ledgerPath: string;
  readonly gateway: Gateway;
  readonly ledger: Ledger;
  analyze(texts: readonly TextInput[], options: AnalyzeOptions): Promise<Study>;
  estimate(texts: readonly TextInput[], options: AnalyzeOptions): Promise<StudyEstimate>;
  /** Runs the study against provider-sim with this config's limits and prices: projected cost and time, nothing spent. */
  rehearse(texts: readonly TextInput[], options: RehearseOptions): Promise<Rehearsal>;
  /**
   * Asks a seeded sample of a run's recorded calls again, live, with the same requests: shows the
   * cost estimate first, then which answers changed per model and dimension and whether the
   * models' agreement holds. The calls are a `drift` run in the ledger.
   */
  drift(options?: DriftOptions): Promise<Drift>;
  /**
   * Re-executes a notebook (default: this one, as saved) in replay mode against its verified ledger
   * and compares every output with the stored one; shows the verdict per cell, with a chart.
   */
  reproduce(notebook?: string, options?: Omit<ReproduceOptions, "notebook">): Promise<Reproduction>;
  close(): Promise<void>;
}

// A kernel re-running its session() cell must not hold two writers on one ledger.
const open = new Map<string, Ledger>();
// In a reproduction: the recorded ledger it replays, per reproduction ledger.
const replaySources = new Map<string, Ledger>();

/** Binds the notebook to its ledger, config and budget: `const dx = await session()`. */
export async function session(options: SessionOptions = {}): Promise<Session> {
  const env = options.env ?? process.env;
  // A reproduction binds to its own copy of the notebook (DISCERNUS_NOTEBOOK), never to the
  // original a cell may name, whose ledger it must not touch.
  const reproduceFrom = env[REPRODUCE_FROM_ENV];
  const found = findNotebook({
    ...(options.notebook && !reproduceFrom ? { explicit: options.notebook } : {}),
    env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  // Relative paths in a notebook (frameworks, corpora) are read from the kernel's folder, which
  // Jupyter sets to the notebook's; `discernus run --output` keeps it there while the executed copy
  // (and so the ledger) goes elsewhere. The config is looked for from the same folder.
  const folder = options.cwd ?? process.cwd();
  const { config: rawConfig, source } = options.config
    ? { config: options.config as Record<string, unknown>, source: "session({ config })" }
    : findConfig(folder);
  const { store: configStore, ...gatewayConfig } = rawConfig as Record<string, unknown> & {
    store?: StoreMode;
  };
  const projectRoot = source.endsWith(CONFIG_FILE) ? dirname(source) : folder;
  if (options.budgetUsd !== undefined) gatewayConfig.budget = { capUsd: options.budgetUsd };
  const mode = reproduceFrom ? "replay" : (options.mode ?? "live");
  const store = options.store ?? configStore ?? "full";

  await open.get(found.ledgerPath)?.close();
  await replaySources.get(found.ledgerPath)?.close();
  replaySources.delete(found.ledgerPath);
  const tools = { "@discernus/kernel-helpers": "0.1.0", node: process.version };
  const ledger = await Ledger.open(found.ledgerPath, {
    notebook: found.notebookPath,
    store,
    mode,
    boundBy: found.boundBy,
    tools,
    folder,
  });
  open.set(found.ledgerPath, ledger);
  let gateway: Gateway;
  let replaySource: Ledger | undefined;
  try {
    if (reproduceFrom) {
      replaySource = await Ledger.open(reproduceFrom, {
        notebook: found.notebookPath,
        store,
        mode: "replay",
        boundBy: REPRODUCE_FROM_ENV,
        tools,
      });
      replaySources.set(found.ledgerPath, replaySource);
    }
    gateway = new Gateway({
      config: gatewayConfig,
      configSource: source,
      env,
      cache: ledger,
      recorder: ledger,
      mode,
      ...(replaySource ? { replaySource } : {}),
    });
  } catch (err) {
    await ledger.close();
    await replaySource?.close();
    open.delete(found.ledgerPath);
    replaySources.delete(found.ledgerPath);
    throw err;
  }
  const budget = gateway.budget.state();
  if (budget.capNanoUsd !== null) await ledger.recordBudgetCap(budget);

  const display: KernelDisplay = kernelDisplay();
  const lines = [
    `Discernus session (${mode}): ${found.notebookPath}`,
    `ledger ${found.ledgerPath} (${ledger.records} records, store ${store})`,
    `config ${source}; budget ${budget.capNanoUsd === null ? "none" : formatUsd(budget.capNanoUsd)}`,
    ...(found.warning ? [`warning: ${found.warning}`] : []),
    ...(ledger.recoveredTail
      ? [`recovered: a partial last record (a crash mid-write) was moved to ${ledger.recoveredTail.movedTo}`]
      : []),
  ];
  display.show({ data: { "text/plain": lines.join("\n") } });

  return {
    notebookPath: found.notebookPath,
    ledgerPath: found.ledgerPath,
    gateway,
    ledger,
    analyze: (texts, analyzeOptions) =>
      analyzeStudy(
        { gateway, ledger, display, notebookDir: folder, notebookPath: found.notebookPath, projectRoot },
        texts,
        analyzeOptions,
      ),
    estimate: (texts, analyzeOptions) =>
      estimateStudy({ gateway, ledger, notebookDir: folder }, texts, analyzeOptions),
    rehearse: (texts, rehearseOptions) =>
      rehearseStudy(
        { gateway, ledger, display, notebookDir: folder, notebookPath: found.notebookPath, projectRoot },
        texts,
        rehearseOptions,
      ),
    drift: (driftOptions) => showDrift({ gateway, ledger, display, notebookDir: folder }, driftOptions),
    reproduce: (notebook, reproduceOptions) =>
      showReproduction(display, notebook ?? found.notebookPath, { env, ...reproduceOptions }),
    async close() {
      await ledger.close();
      await replaySource?.close();
      open.delete(found.ledgerPath);
      replaySources.delete(found.ledgerPath);
    },
  };
}
