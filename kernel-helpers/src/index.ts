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
