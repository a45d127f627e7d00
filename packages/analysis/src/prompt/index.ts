// The prompt module's public surface, for packages/analysis/src/index.ts to re-export.
export {
  buildAnalysisRequest,
  defaultMaxTokens,
  ANSWER_FORMAT_NAME,
  type AnalysisRequestOptions,
} from "./build-analysis-request.js";
export { buildSystemPrompt } from "./system-prompt.js";
export { answerSchema } from "./answer-schema.js";
export { parseAnswer, type FrameworkAnswer, type DimensionScore } from "./parse-answer.js";
export { AnswerInvalidError } from "./answer-invalid-error.js";
export { retryMessages } from "./retry-messages.js";
