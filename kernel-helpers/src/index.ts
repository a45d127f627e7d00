export { session, type Session, type SessionOptions } from "./session/session.js";
export { findConfig, CONFIG_FILE, type FoundConfig } from "./session/find-config.js";
export type { AnalyzeOptions } from "./study/analyze-study.js";
export type { BatchModeOptions } from "./batch/batch-mode-options.js";
export { collectBatch, type CollectBatchOptions, type CollectedBatch } from "./batch/collect-batch.js";
export { Study, type StudyTotals } from "./study/study.js";
export type { StudyEstimate, ModelEstimate } from "./study/estimate-study.js";
export type { Rehearsal, RehearsalRow, RehearsalAssumptions, RehearseOptions } from "./rehearse/rehearsal.js";
export { rehearsalLedgerPath, isRehearsalLedger } from "./rehearse/rehearsal-ledger-path.js";
export type { ResultRow, ScoreRow } from "./study/result-row.js";
export type { TextInput } from "./study/text-input.js";
export { CorpusInvalidError, BudgetTooSmallError } from "./study/study-errors.js";
export { show, outputFor, VEGA_LITE_MIME } from "./display/show.js";
export {
  kernelDisplay,
  type KernelDisplay,
  type OutputBundle,
  type WriteDisplayData,
} from "./display/kernel-display.js";
export {
  TELEMETRY_MIME,
  TelemetryTracker,
  type TelemetrySnapshot,
  type SpendScope,
} from "./telemetry/telemetry-snapshot.js";
export { projectSpend, type ProjectSpend } from "./telemetry/project-spend.js";
export { ThrottledPublisher } from "./telemetry/throttled-publisher.js";
export { progressText, telemetryBundle } from "./telemetry/progress-line.js";
export { sotuExcerpts, type Excerpt } from "./corpora/state-of-the-union.js";
export { reproduceNotebook } from "./reproduce/reproduce-notebook.js";
export { REPRODUCE_FROM_ENV } from "./reproduce/reproduce-from-env.js";
export type { Reproduction, ReproduceOptions } from "./reproduce/reproduction.js";
export {
  compareNotebookOutputs,
  type CellComparison,
  type CompareContext,
} from "./reproduce/compare-notebook-outputs.js";
export {
  executeNotebook,
  JUPYTER_PYTHON,
  type ExecuteNotebookOptions,
  type ExecutedNotebook,
} from "./notebook-run/execute-notebook.js";
export { tslabBinary, tslabJupyterPath } from "./notebook-run/tslab-kernelspec.js";
export { NotebookRunError } from "./notebook-run/notebook-run-error.js";
export { driftStudy, type DriftContext } from "./drift/drift-study.js";
export type { Drift, DriftEstimate, DriftModelEstimate } from "./drift/drift.js";
export type { DriftOptions } from "./drift/drift-options.js";
export type { DriftRow } from "./drift/drift-rows.js";
export type { DriftAgreementRow } from "./drift/agreement-drift.js";
export { DRIFT_VERDICT_RULE } from "./drift/agreement-drift.js";
export {
  DriftInvalidError,
  DriftFrameworkMismatchError,
  DriftHashLedgerError,
  DriftTooCostlyError,
} from "./drift/drift-errors.js";
export { driftOutputs } from "./drift/drift-outputs.js";
