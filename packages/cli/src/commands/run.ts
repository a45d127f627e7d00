import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { executeNotebook } from "@discernus/kernel-helpers";
import { ledgerPathFor, verifyNotebook } from "@discernus/provenance";
import { UsageError } from "./ledger-input.js";

export interface RunOptions {
  output?: string;
  timeoutS: number;
}

function progressLine(done: number, of: number): string {
  const width = 24;
  const filled = of === 0 ? width : Math.round((done / of) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${of} cells`;
}

/**
 * `discernus run <notebook> [--output <path>]`: executes the notebook with the tslab kernel through
 * Debian's nbclient, bound to its ledger (DISCERNUS_NOTEBOOK), and writes the executed notebook
 * (in place unless --output). Exit 0 only when every cell ran and the ledger verifies.
 */
export async function run(path: string | undefined, options: RunOptions): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError("discernus run: name the notebook (.ipynb) to execute.");
  const notebook = resolve(path);
  if (!existsSync(notebook)) throw new UsageError(`discernus run: ${path}: no such file. Check the path.`);
  const output = resolve(options.output ?? notebook);
  mkdirSync(dirname(output), { recursive: true });
  // The kernel binds its ledger to the notebook being written, which must exist from the start.
  if (output !== notebook) copyFileSync(notebook, output);
  const tty = process.stderr.isTTY;
  const executed = await executeNotebook({
    source: notebook,
    output,
    workdir: dirname(notebook),
    timeoutS: options.timeoutS,
    // The ledger belongs to the notebook written: beside the executed copy when --output is given.
    env: { ...process.env, DISCERNUS_NOTEBOOK: output },
    onCell: (index, of) => {
      const lineText = `${basename(notebook)} ${progressLine(index, of)}`;
      if (tty) process.stderr.write(`\r${lineText}`);
      else console.error(lineText);
    },
  });
  if (tty) process.stderr.write("\n");
  const code = executed.status;
  if (executed.failure)
    console.error(
      `A cell failed (code cell ${String(executed.failure.cell ?? "?")}); the executed notebook keeps the outputs up to it:\n${executed.failure.message}`,
    );
  else if (code !== 0) console.error(executed.stderr.trim().split("\n").slice(-15).join("\n"));
  console.log(`executed notebook: ${output}`);
  const ledgerPath = ledgerPathFor(output);
  let ledgerOk = true;
  if (existsSync(ledgerPath)) {
    // The executed notebook against its ledger: chain, schema, run totals, and every output's digest.
    const verified = await verifyNotebook(output);
    ledgerOk = verified.ok;
    console.log(`ledger: ${ledgerPath} (${verified.ledger.records} records)`);
    for (const check of verified.checks) if (!check.ok) console.log(`  FAIL ${check.name}: ${check.detail}`);
    const outputs = verified.checks.find((c) => c.name === "outputs");
    console.log(ledgerOk ? `verified: ${outputs?.detail ?? "the ledger holds"}` : "NOT verified");
    console.log(`spend: discernus report ${relative(process.cwd(), output)}`);
  }
  // `discernus lab` serves JupyterLab with the tslab kernel and the sidebar, with nothing to register.
  const folder = relative(process.cwd(), dirname(output)) || ".";
  console.log(`open it in JupyterLab: discernus lab ${folder} (then ${basename(output)})`);
  return code === 0 && ledgerOk ? 0 : 1;
}
