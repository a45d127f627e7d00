import { statSync } from "node:fs";
import { scanLedger, type VerifyReport } from "../verify-ledger.js";
import { LedgerIndex } from "./ledger-index.js";
import { loadLedgerIndex } from "./ledger-index-file.js";

/**
 * A ledger's index, reading only what was appended since the saved index when one still fits (see
 * loadLedgerIndex), else every line. Without the lock: a kernel may be appending. The canonical-form
 * check is left to `verify`: the chain already covers every byte.
 */
export async function indexLedger(path: string): Promise<{ index: LedgerIndex; report: VerifyReport }> {
  const saved = loadLedgerIndex(path, statSync(path).size);
  const index = saved?.index ?? new LedgerIndex();
  const report = await scanLedger(
    path,
    (record, offset, length, hash) => index.add(record, offset, length, hash),
    { checkCanonicalForm: false, ...(saved ? { from: saved.checkpoint } : {}) },
  );
  return { index, report };
}
