import { verifyLedger, verifyNotebook } from "@discernus/provenance";
import { UsageError } from "./ledger-input.js";

/**
 * `discernus verify <notebook|ledger>`: exit 0 only when everything holds; 1 when something does
 * not, each failure named with its line or cell.
 */
export async function verify(path: string | undefined, json: boolean): Promise<number> {
  if (path === undefined)
    throw new UsageError("discernus verify: name a notebook (.ipynb) or a ledger (.provenance.jsonl).");
  if (/\.ipynb$/i.test(path)) {
    const result = await verifyNotebook(path);
    if (json) console.log(JSON.stringify({ ...result, totals: undefined }, null, 2));
    else {
      console.log(
        `${path}: ledger ${result.ledgerSource === "file" ? result.ledgerPath : "embedded in the notebook"}`,
      );
      for (const check of result.checks)
        console.log(
          `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail.replace(/\n/g, "\n         ")}`,
        );
      console.log(result.ok ? "verified" : "NOT verified");
    }
    return result.ok ? 0 : 1;
  }
  const report = await verifyLedger(path);
  if (json) console.log(JSON.stringify(report, null, 2));
  else if (report.status === "verified")
    console.log(`${path}: verified, ${report.records} records, head ${report.head ?? ""}`);
  else console.log(`${path}: NOT verified (${report.status}): ${report.problem?.problem ?? ""}`);
  return report.status === "verified" ? 0 : 1;
}
