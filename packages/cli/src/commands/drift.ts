import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Gateway } from "@discernus/gateway";
import { driftOutputs, driftStudy, kernelDisplay, type Drift } from "@discernus/kernel-helpers";
import { ledgerPathFor } from "@discernus/provenance";
import { openCommandLedger } from "./command-ledger.js";
import { UsageError } from "./ledger-input.js";

export interface DriftCommandOptions {
  sample?: number;
  models?: string[];
  run?: string;
  framework?: string;
  seed?: number;
  /** Spend: without it, only the estimate is shown. */
  yes: boolean;
  json: boolean;
  /** The command line as typed after `discernus drift`, to print the command that spends. */
  argv: readonly string[];
  env?: Record<string, string | undefined>;
}

/** A shell word as typed: quoted when it holds anything a shell would split or expand. */
const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** The summary and both tables, as the notebook's text fallback shows them. */
function printTables(drift: Drift): void {
  const [report] = driftOutputs(drift);
  console.log(String(report?.data["text/plain"] ?? ""));
}

/**
 * `discernus drift <notebook> [--sample N] [--models a,b] [--run id] [--framework <file>] [--seed n]
 * [--yes] [--json]`: asks a sample of a run's recorded calls again, live, with the notebook's config
 * and keys, and reports which answers changed. Without --yes it prints the estimate and the command
 * that spends, and sends nothing.
 */
export async function drift(notebook: string | undefined, options: DriftCommandOptions): Promise<number> {
  if (notebook === undefined || !/\.ipynb$/i.test(notebook))
    throw new UsageError("discernus drift: name the notebook (.ipynb) whose recorded answers to check.");
  const ledgerPath = ledgerPathFor(resolve(notebook));
  if (!existsSync(ledgerPath))
    throw new UsageError(
      `discernus drift: ${ledgerPath}: no ledger beside the notebook. Run the notebook first, or extract its embedded ledger (discernus extract ${notebook}).`,
    );
  if (options.framework === undefined)
    throw new UsageError(
      "discernus drift: pass --framework <file>, the framework the run used: its answers are read with it (checked against the hash the run recorded).",
    );
  const framework = resolve(options.framework);
  if (!existsSync(framework)) throw new UsageError(`discernus drift: ${options.framework}: no such file.`);

  const opened = await openCommandLedger(
    notebook,
    ledgerPath,
    "drift",
    "run dx.drift(...) there, or shut that kernel down and run this again.",
  );
  if (!opened) return 1;
  const { ledger, gatewayConfig, configSource } = opened;
  try {
    const gateway = new Gateway({
      config: gatewayConfig,
      configSource,
      env: options.env ?? process.env,
      cache: ledger,
      recorder: ledger,
    });
    // The estimate is shown by the drift check itself, before any call: on stderr under --json.
    const print = options.json ? console.error : console.log;
    const display = kernelDisplay((bundle) => {
      const text = bundle.data["text/plain"];
      if (typeof text === "string") print(text);
    });
    const result = await driftStudy(
      { gateway, ledger, display, notebookDir: dirname(resolve(notebook)) },
      {
        framework,
        dryRun: !options.yes,
        ...(options.sample !== undefined ? { sample: options.sample } : {}),
        ...(options.models !== undefined ? { models: options.models } : {}),
        ...(options.run !== undefined ? { run: options.run } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      },
    );
    if (!options.yes) {
      const command = ["discernus", "drift", ...options.argv.filter((a) => a !== "--json"), "--yes"];
      if (options.json)
        console.log(
          JSON.stringify({ dryRun: true, estimate: result.estimate, items: result.items }, null, 2),
        );
      print(
        `Nothing was sent. To ask these ${result.estimate.calls} calls again (up to ${result.estimate.worstCase}):\n  ${command.map(shellWord).join(" ")}`,
      );
      return 0;
    }
    if (options.json) {
      const { chart: _chart, ...rest } = result;
      void _chart;
      console.log(JSON.stringify(rest, null, 2));
    } else printTables(result);
    return 0;
  } finally {
    await ledger.close();
  }
}
