export type LabErrorCode =
  | "lab_not_built"
  | "labextension_not_built"
  | "jupyter_missing"
  | "lab_root_invalid"
  | "port_in_use"
  | "lab_start_failed"
  | "jupyter_data_dir_unknown"
  | "extension_install_failed";

/**
 * What `discernus lab`, `startLab()` and `discernus install-extension` raise: `code` says which
 * problem it is (callers decide on it, never on the text); the message names the problem and the fix.
 */
export class LabError extends Error {
  readonly code: LabErrorCode;
  constructor(code: LabErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "LabError";
  }
}
