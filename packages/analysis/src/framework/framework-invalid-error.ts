import { DiscernusError } from "@discernus/gateway";

/** One thing wrong with a framework: where (`dimensions[2].anchors`) and what to do about it. */
export interface FrameworkIssue {
  path: string;
  message: string;
}

/**
 * A framework that cannot be used as written. The message names the file, every field at fault
 * and the fix; `issues` holds the same, for code.
 */
export class FrameworkInvalidError extends DiscernusError {
  /** The file (or label) the framework came from. */
  readonly source: string;
  readonly issues: readonly FrameworkIssue[];
  /** The first field at fault, like ConfigInvalidError.field. */
  readonly field: string;
  constructor(source: string, issues: readonly FrameworkIssue[]) {
    const head =
      issues.length === 1
        ? `${source}: the framework is invalid:`
        : `${source}: the framework has ${issues.length} problems:`;
    super("framework_invalid", [head, ...issues.map((i) => `  - ${i.path}: ${i.message}`)].join("\n"));
    this.source = source;
    this.issues = issues;
    this.field = issues[0]?.path ?? "";
  }
}
