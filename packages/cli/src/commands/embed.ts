import { basename } from "node:path";
import { embedLedger, ledgerPathFor, summarizeLedger } from "@discernus/provenance";
import { UsageError } from "./ledger-input.js";

/**
 * `discernus embed <notebook> [--summary-only]`: writes the ledger (gzip + base64), its record count,
 * head and totals into the notebook's metadata. Only a ledger that verifies is embedded.
 */
export async function embed(path: string | undefined, summaryOnly: boolean): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError("discernus embed: name the notebook (.ipynb) to embed its ledger into.");
  const ledgerPath = ledgerPathFor(path);
  const { verify, totals } = await summarizeLedger(ledgerPath);
  if (verify.status !== "verified" || verify.head === undefined) {
    console.error(
      `discernus embed: ${ledgerPath} does not verify (${verify.problem?.problem ?? verify.status}); nothing was embedded. Run \`discernus verify ${path}\`.`,
    );
    return 1;
  }
  const written = await embedLedger(path, {
    ledgerPath,
    summary: {
      records: verify.records,
      head: verify.head,
      totals: totals as unknown as Record<string, unknown>,
    },
    includeLedger: !summaryOnly,
  });
  console.log(
    `${path}: embedded ${basename(ledgerPath)} (${written.records} records, head ${written.head.slice(0, 12)}...` +
      (written.embedded
        ? `, ${written.embedded.bytes} bytes as ${written.embedded.data.length} base64 characters)`
        : ", summary only)"),
  );
  return 0;
}
