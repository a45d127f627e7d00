export { LedgerWriter, type LedgerOpenOptions } from "./ledger-writer.js";
// What runs in a browser too (the ledger's checks, totals, format and record types) is exported
// once, by the browser entry.
export * from "./browser.js";
export { verifyLedger, scanLedger, type RecordVisitor } from "./verify-ledger.js";
export { Ledger, type LedgerOptions } from "./ledger.js";
export { LedgerIndex, type IndexedCall } from "./index/ledger-index.js";
export { addBatchRecord, type LedgerBatch } from "./index/ledger-batch.js";
export { storedRequest, storedResponse } from "./records/stored-call.js";
export { batchItemCallFields, type CollectedItem } from "./records/batch-item-call-fields.js";
export { readLedgerLines, type LedgerLine } from "./read/ledger-lines.js";
export { LedgerCorruptError, LedgerLockedError, LedgerWriteError } from "./ledger-errors.js";
export { sha256Hex } from "./sha256-hex.js";
export { recoverTornTail, type TornTail } from "./recover-torn-tail.js";
export { indexLedger } from "./index/index-ledger.js";
export { summarizeLedger, type LedgerSummaryReport } from "./index/summarize-ledger.js";
export {
  findNotebook,
  type FoundNotebook,
  type FindNotebookOptions,
  type NotebookBinding,
} from "./notebook/find-notebook.js";
export {
  readNotebook,
  writeNotebook,
  parseNotebook,
  formatNotebook,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from "./notebook/notebook-file.js";
export {
  embedLedger,
  withProvenance,
  encodeLedger,
  type EmbedLedgerOptions,
} from "./notebook/embed-ledger.js";
export { extractLedger, decodeEmbeddedLedger, type ExtractLedgerOptions } from "./notebook/extract-ledger.js";
export { verifyNotebookOutputs, type OutputMismatch, type OutputsReport } from "./notebook/verify-outputs.js";
export {
  NotebookNotFoundError,
  NotebookInvalidError,
  LedgerNotFoundError,
  LedgerNotebookMismatchError,
  LedgerNotEmbeddedError,
  EmbeddedLedgerCorruptError,
  LedgerExistsError,
} from "./notebook/notebook-errors.js";
export {
  exportProvJson,
  toProvJson,
  provJsonText,
  ProvJsonBuilder,
  DISCERNUS_PROV_NAMESPACE,
  type ProvDocument,
  type ProvAttributes,
  type ProvLiteral,
} from "./export/prov-json.js";
export {
  ledgerRecordToSpan,
  callRecordToSpan,
  cacheHitRecordToSpan,
  type SpanDescription,
  type OtelSpanOptions,
} from "./export/otel-spans.js";
export {
  exportOtlp,
  langfuseOtlpTarget,
  type ExportOtlpOptions,
  type OtlpTarget,
} from "./export/export-otlp.js";
export { OtlpExportError } from "./export/export-errors.js";
export { notebookLedger, type NotebookLedger } from "./notebook/notebook-ledger.js";
export { verifyNotebook, type NotebookVerification, type NotebookCheck } from "./notebook/verify-notebook.js";
export { AnswerStore, answerStorePathFor } from "./answer-store.js";
export {
  roCrateMetadata,
  RO_CRATE_CONTEXT,
  RO_CRATE_SPEC,
  RO_CRATE_METADATA_FILE,
  PROCESS_RUN_CRATE_PROFILE,
  DEFAULT_CRATE_LICENSE,
  type RoCrateInput,
  type RoCrateMetadata,
  type CrateFileFacts,
  type JsonLdEntity,
} from "./export/ro-crate.js";
export { crateLedgerFacts, type CrateLedgerFacts, type CrateRun } from "./export/crate-ledger-facts.js";
export { writeRoCrate, type WriteRoCrateOptions, type WrittenRoCrate } from "./export/write-ro-crate.js";
export {
  CrateExistsError,
  CrateLedgerMissingError,
  CrateLedgerUnverifiedError,
} from "./export/crate-errors.js";
