export { LedgerWriter, type LedgerOpenOptions } from "./ledger-writer.js";
export { verifyLedger, type VerifyReport, type LedgerProblem } from "./verify-ledger.js";
export { LedgerCorruptError, LedgerLockedError } from "./ledger-errors.js";
export {
  LEDGER_FORMAT,
  LEDGER_VERSION,
  ledgerPathFor,
  sha256Hex,
  type LedgerHeader,
  type LedgerRecord,
} from "./ledger-format.js";
export { recoverTornTail, type TornTail } from "./recover-torn-tail.js";
