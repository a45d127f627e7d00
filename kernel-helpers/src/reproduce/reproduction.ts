import type { NotebookCheck } from "@discernus/provenance";
import type { CellComparison } from "./compare-notebook-outputs.js";

export interface ReproduceOptions {
  /** The notebook to reproduce, as saved. */
  notebook: string;
  /** Keep the reproduction (the re-executed notebook and its ledger) in this new or empty folder. */
  out?: string;
  /** Seconds each cell may take (default 1,800). */
  timeoutS?: number;
  /** The environment the reproduction's kernel starts from (API keys are removed from it). */
  env?: Record<string, string | undefined>;
  /** Told after each code cell of the reproduction ends. */
  onCell?: (index: number, of: number) => void;
}

/**
 * The verdict on a notebook:
 * - `identical`: the ledger verifies and every output of the replayed notebook is the stored one;
 * - `differs`: the ledger verifies but some cells' outputs differ (or a cell failed): `cells` says which and how;
 * - `modified`: the ledger, or the notebook's outputs, were changed after they were recorded: `reason` names the record;
 * - `unverifiable`: there is nothing to check against (no ledger, or only hashes of the answers);
 * - `skipped`: asked from inside a reproduction, which does not reproduce itself.
 */
export interface Reproduction {
  notebook: string;
  status: "identical" | "differs" | "modified" | "unverifiable" | "skipped";
  /** One paragraph: why this verdict. */
  reason: string;
  /** The ledger checked: where it came from, its records and head, and every check made. */
  ledger?: { source: "file" | "embedded"; records: number; head?: string; checks: NotebookCheck[] };
  /** Records of the ledger the reproduction started from (those before the session that made the outputs). */
  startedFrom?: number;
  /** One entry per code cell; empty when the notebook was not executed (modified, unverifiable). */
  cells: CellComparison[];
  /**
   * The reproduction's calls: answers replayed from the recorded ledger, re-used from its own,
   * requests the recorded ledger has no answer for (the notebook now asks something it did not),
   * and calls asked live (always 0: a replay asks no provider).
   */
  calls: { replayed: number; fromLedger: number; missing: number; live: number };
  /** The re-executed notebook, when kept (`out`). */
  output?: string;
  wallMs: number;
}
