// The public surface of @discernus/analysis: each folder's index re-exported.
export * from "./agreement/index.js";
export * from "./charts/index.js";
export * from "./framework/index.js";
export * from "./prompt/index.js";
