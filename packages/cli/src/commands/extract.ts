import { extractLedger, verifyLedger } from "@discernus/provenance";
import { UsageError } from "./ledger-input.js";

/** `discernus extract <notebook> [--to path] [--force]`: writes the embedded ledger back beside the notebook. */
export async function extract(
  path: string | undefined,
  to: string | undefined,
  force: boolean,
): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError("discernus extract: name the notebook (.ipynb) whose embedded ledger to write out.");
  const written = await extractLedger(path, { ...(to ? { to } : {}), force });
  const report = await verifyLedger(written);
  console.log(
    `${written}: ${report.records} records, ${report.status === "verified" ? "verified" : `NOT verified: ${report.problem?.problem ?? report.status}`}`,
  );
  return report.status === "verified" ? 0 : 1;
}
