import { formatUsd, type TokenUsage } from "@discernus/gateway";
import { summarizeLedger, type SpendRow } from "@discernus/provenance";
import { textTable } from "../text-table.js";
import { ledgerInput } from "./ledger-input.js";

const tokens = (u: TokenUsage) => ({
  input: u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens,
  output: u.outputTokens + u.reasoningTokens,
});

function rows(group: Record<string, SpendRow>): string[][] {
  return Object.entries(group)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, r]) => [
      name,
      String(r.calls),
      String(r.failed),
      String(r.retries),
      String(r.fallbacks),
      String(r.cacheHits),
      String(tokens(r.usage).input),
      String(tokens(r.usage).output),
      formatUsd(r.costNanoUsd),
    ]);
}

const HEADER = ["calls", "failed", "retries", "fallbacks", "cache hits", "input tok", "output tok", "cost"];

/** `discernus report <notebook|ledger> [--json]`: spend and outcomes by model, provider and run. */
export async function report(path: string | undefined, json: boolean): Promise<number> {
  const input = await ledgerInput(path, "report");
  try {
    const { verify, totals } = await summarizeLedger(input.ledgerPath);
    if (json) {
      console.log(
        JSON.stringify(
          {
            ledger: input.source,
            status: verify.status,
            records: verify.records,
            head: verify.head,
            problem: verify.problem,
            totals,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        `${input.source}: ${verify.records} records, ${verify.status === "verified" ? "verified" : `NOT verified: ${verify.problem?.problem ?? verify.status}`}`,
      );
      console.log(`\nBy model\n${textTable(["model", ...HEADER], rows(totals.byModel))}`);
      console.log(`\nBy provider\n${textTable(["provider", ...HEADER], rows(totals.byProvider))}`);
      if (Object.keys(totals.byRun).length > 0)
        console.log(`\nBy run\n${textTable(["run", ...HEADER], rows(totals.byRun))}`);
      const all = totals.all;
      const cap = totals.budget.capNanoUsd;
      console.log(
        `\nTotal ${formatUsd(all.costNanoUsd)} over ${all.calls} calls (${all.failed} failed, ${all.retries} retries, ${all.fallbacks} fallbacks), ${all.cacheHits} answered from the ledger at $0.` +
          `\nBudget: ${cap === null ? "no cap recorded" : `cap ${formatUsd(cap)}`}, ${totals.budget.refused} call(s) refused. Sessions: ${totals.sessions}.`,
      );
    }
    // A report of a ledger that does not verify is not to be trusted: say so in the exit code too.
    return verify.status === "verified" ? 0 : 1;
  } finally {
    input.dispose();
  }
}
