const LEDGER_SUFFIX = ".provenance.jsonl";
export const REHEARSAL_LEDGER_SUFFIX = ".rehearsal.provenance.jsonl";

/** `study.provenance.jsonl` -> `study.rehearsal.provenance.jsonl`, beside the notebook's ledger. */
export function rehearsalLedgerPath(notebookLedgerPath: string): string {
  const stem = notebookLedgerPath.endsWith(LEDGER_SUFFIX)
    ? notebookLedgerPath.slice(0, -LEDGER_SUFFIX.length)
    : notebookLedgerPath;
  return `${stem}${REHEARSAL_LEDGER_SUFFIX}`;
}

export function isRehearsalLedger(path: string): boolean {
  return path.endsWith(REHEARSAL_LEDGER_SUFFIX);
}
