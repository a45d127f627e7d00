import { baseName } from "./path-names.js";
import type { LedgerState } from "./ledger-state.js";

export type LedgerStatusLevel =
  "verified" | "torn_tail" | "corrupt" | "absent" | "loading" | "error" | "unknown";

/** The one-line verdict the panel shows for a ledger: what holds, or what is wrong and what to do. */
export function ledgerStatusText(state: LedgerState): { level: LedgerStatusLevel; text: string } {
  const name = baseName(state.path);
  switch (state.status) {
    case "unknown":
      return { level: "unknown", text: `${name} has not been read yet.` };
    case "loading":
      return { level: "loading", text: `Reading ${name}…` };
    case "absent":
      return {
        level: "absent",
        text: `No ledger yet: run a cell that opens a Discernus session() in this notebook; it writes ${name} beside the notebook.`,
      };
    case "error":
      return { level: "error", text: state.error ?? `${name} could not be read.` };
    case "loaded":
      break;
  }
  const from =
    state.origin === "embedded" ? `The copy embedded in the notebook (no ${name} beside it)` : name;
  const report = state.report;
  if (!report) return { level: "unknown", text: `${from}: read without verifying.` };
  const head = report.head ? ` (head ${report.head.slice(0, 12)}…)` : "";
  switch (report.status) {
    case "verified":
      return { level: "verified", text: `${from}: verified ${report.records} records${head}.` };
    case "torn_tail":
      return {
        level: "torn_tail",
        text: `${from}: ${report.records} records verify${head}, but ${report.problem?.problem ?? "the last line is partial"}.`,
      };
    case "corrupt":
      return {
        level: "corrupt",
        text: `${from} does not verify: ${report.problem?.problem ?? "unknown problem"}. Restore it from version control or from the copy embedded in the notebook; run \`discernus verify\` for every check.`,
      };
  }
}
