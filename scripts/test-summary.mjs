// Prints vitest's totals as one plain line ("vitest: N passed, N failed, N skipped") that CI reads.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? "node_modules/.cache/vitest-results.json";
const report = JSON.parse(readFileSync(path, "utf8"));
console.log(
  `vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
process.exit(report.numFailedTests === 0 && report.success !== false ? 0 : 1);
