// The framework module's public surface, for packages/analysis/src/index.ts to re-export.
export type { Framework, Dimension, Scale, NumericScale, LabelScale, Lexicon } from "./framework.js";
export { validateFramework, FRAMEWORK_FORMAT } from "./validate-framework.js";
export { FrameworkInvalidError, type FrameworkIssue } from "./framework-invalid-error.js";
export { loadFramework } from "./load-framework.js";
export { fromDiscernusLegacyJson, isDiscernusLegacyJson } from "./discernus-legacy-json.js";
export { fromDiscernusMarkdown } from "./discernus-markdown.js";
export { frameworkHash } from "./framework-hash.js";
export { scoreValue } from "./scale.js";
