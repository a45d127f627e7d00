import { existsSync } from "node:fs";
import { reproduceNotebook, type Reproduction } from "@discernus/kernel-helpers";
import { UsageError } from "./ledger-input.js";

export interface ReproduceCommandOptions {
  out?: string;
  timeoutS: number;
  json: boolean;
}

function printReport(path: string, r: Reproduction): void {
  console.log(`${path}: ${r.status.toUpperCase()}`);
  console.log(`  ${r.reason.replace(/\n/g, "\n  ")}`);
  if (r.ledger) {
    console.log(`ledger (${r.ledger.source === "file" ? "beside the notebook" : "embedded copy"}):`);
    for (const check of r.ledger.checks)
      console.log(
        `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail.replace(/\n/g, "\n         ")}`,
      );
  }
  if (r.cells.length === 0) return;
  console.log(
    `replay: started after record ${r.startedFrom ?? 0}; ${r.calls.replayed} answers replayed, ${r.calls.fromLedger} re-used, ${r.calls.missing} requests without a recorded answer, ${r.calls.live} asked live; $0 spent; ${(r.wallMs / 1000).toFixed(1)} s`,
  );
  for (const cell of r.cells) {
    const normalized = cell.normalized.length > 0 ? ` (normalized: ${cell.normalized.join(", ")})` : "";
    const skipped = cell.skipped > 0 ? `, ${cell.skipped} progress/report output(s) not compared` : "";
    console.log(
      `  cell ${String(cell.cell).padStart(3)}  ${cell.status.padEnd(9)} ${cell.compared} part(s)${skipped}${normalized}`,
    );
    if (cell.detail) console.log(`              ${cell.detail.replace(/\n/g, "\n              ")}`);
  }
  if (r.output) console.log(`reproduced notebook: ${r.output}`);
}

/**
 * `discernus reproduce <notebook> [--out <folder>] [--timeout <s>] [--json]`: verifies the notebook's
 * ledger, re-executes it in replay mode (no key, no provider, $0) and compares every output. Exit 0
 * only when every output is reproduced.
 */
export async function reproduce(path: string | undefined, options: ReproduceCommandOptions): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError("discernus reproduce: name the notebook (.ipynb) to reproduce.");
  if (!existsSync(path)) throw new UsageError(`discernus reproduce: ${path}: no such file. Check the path.`);
  const tty = process.stderr.isTTY;
  const result = await reproduceNotebook({
    notebook: path,
    ...(options.out !== undefined ? { out: options.out } : {}),
    timeoutS: options.timeoutS,
    onCell: (index, of) => {
      const text = `replaying code cell ${index}/${of}`;
      if (tty) process.stderr.write(`\r${text}`);
      else if (!options.json) console.error(text);
    },
  });
  if (tty) process.stderr.write("\n");
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else printReport(path, result);
  return result.status === "identical" ? 0 : 1;
}
