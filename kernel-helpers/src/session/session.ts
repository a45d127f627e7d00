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

export interface SessionOptions {
  /** The notebook this session records for; found from the kernel's environment when absent. */
  notebook?: string;
  /** A gateway config, or the path of a config file; default: discernus.config.json found above the notebook. */
  config?: Record<string, unknown> | GatewayConfig;
  /** Caps this session's spend (overrides the config's budget). */
  budgetUsd?: number;
  /** `"hash"` keeps only sha256 of texts and answers in the ledger. Default "full" (or the config's `store`). */
  store?: StoreMode;
  /** `"replay"` answers only from the ledger and never calls a provider (no keys needed). */
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
  close(): Promise<void>;
}

// A kernel re-running its session() cell must not hold two writers on one ledger.
const open = new Map<string, Ledger>();

/** Binds the notebook to its ledger, config and budget: `const dx = await session()`. */
export async function session(options: SessionOptions = {}): Promise<Session> {
  const env = options.env ?? process.env;
  const found = findNotebook({
    ...(options.notebook ? { explicit: options.notebook } : {}),
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
  const mode = options.mode ?? "live";
  const store = options.store ?? configStore ?? "full";

  await open.get(found.ledgerPath)?.close();
  const ledger = await Ledger.open(found.ledgerPath, {
    notebook: found.notebookPath,
    store,
    mode,
    boundBy: found.boundBy,
    tools: { "@discernus/kernel-helpers": "0.1.0", node: process.version },
  });
  open.set(found.ledgerPath, ledger);
  let gateway: Gateway;
  try {
    gateway = new Gateway({
      config: gatewayConfig,
      configSource: source,
      env,
      cache: ledger,
      recorder: ledger,
      mode,
    });
  } catch (err) {
    await ledger.close();
    open.delete(found.ledgerPath);
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
    async close() {
      await ledger.close();
      open.delete(found.ledgerPath);
    },
  };
}
