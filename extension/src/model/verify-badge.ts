import type { LedgerState } from "./ledger-state.js";
import { baseName } from "./path-names.js";

/**
 * "verified": the ledger verifies and, when the notebook recorded a head, holds it at the recorded
 * count; "modified": it does not verify, or holds another head there; "unverifiable": there is
 * none, it could not be read, or its last line is partial; "checking": not read yet.
 */
export type VerifyBadgeState = "verified" | "modified" | "unverifiable" | "checking";

/** The badge at the top of the sidebar: one word, and why. */
export interface VerifyBadge {
  state: VerifyBadgeState;
  /** The word shown: "verified", "modified", "unverifiable" or "checking…". */
  label: string;
  /** One line: what holds, or which line or record fails and how. */
  reason: string;
  /** The tooltip: the label and the reason together. */
  title: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function badge(state: VerifyBadgeState, reason: string): VerifyBadge {
  const label = state === "checking" ? "checking…" : state;
  return { state, label, reason, title: `Ledger ${label}: ${reason}` };
}

/**
 * The verification state of a notebook's ledger, from what the sidebar last read: the checks of
 * `discernus verify` on the ledger (hash chain, sequence, schema), then the head the notebook
 * recorded when it was embedded. A ledger that grew since keeps its earlier records, so only the
 * record at the recorded count is compared; records after it are fine.
 */
export function verifyBadge(state: LedgerState): VerifyBadge {
  const name = baseName(state.path);
  switch (state.status) {
    case "unknown":
      return badge("checking", `${name} has not been read yet.`);
    case "loading":
      return badge("checking", `Reading ${name}…`);
    case "absent":
      return badge("unverifiable", `No ledger: no ${name} beside the notebook and no copy embedded in it.`);
    case "error":
      return badge("unverifiable", state.error ?? `${name} could not be read.`);
    case "loaded":
      break;
  }
  const from = state.origin === "embedded" ? "The copy embedded in the notebook" : name;
  const report = state.report;
  if (!report) return badge("unverifiable", `${from} was read without verifying it.`);
  if (report.status === "corrupt")
    return badge("modified", `${from}: ${report.problem?.problem ?? "it does not verify"}.`);

  const recorded = state.recorded;
  if (recorded && recorded.ledgerHead === undefined)
    return badge(
      "modified",
      `The notebook recorded ${recorded.records} records but ${from} verifies only ${report.records}: records were removed, or it is not the ledger the notebook was saved with.`,
    );
  if (recorded && recorded.ledgerHead !== recorded.head)
    return badge(
      "modified",
      `${from}: record ${recorded.records} (line ${recorded.records + 1}) has head ${short(recorded.ledgerHead!)} where the notebook recorded ${short(recorded.head)}: the ledger was changed after the notebook was saved.`,
    );

  if (report.status === "torn_tail") {
    const line = report.problem?.line ?? report.records + 2;
    return badge(
      "unverifiable",
      `${from}: line ${line} is partial (a write was cut short). The ${report.records} records before it verify, but the ledger is not whole until a Discernus session() opens it and moves the partial line aside.`,
    );
  }

  let reason = `${from}: ${report.records} records verify (hash chain, sequence, schema)`;
  if (recorded) {
    const added = report.records - recorded.records;
    reason += `; record ${recorded.records} has the head the notebook recorded`;
    if (added > 0) reason += `, and ${added} ${added === 1 ? "record was" : "records were"} added since`;
  }
  return badge("verified", `${reason}.`);
}
