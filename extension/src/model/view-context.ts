import type { DiscernusSettings } from "./discernus-settings.js";
import type { LedgerState } from "./ledger-state.js";
import type { MoneyFormatter } from "./money-formatter.js";
import type { ProjectSpend, RecentCall, TelemetrySnapshot } from "./telemetry-snapshot.js";

/** What the sidebar's view is computed from: all the state, none of the DOM. */
export interface SidebarInput {
  /** The notebook in focus (server path), or undefined when none is. */
  notebookPath: string | undefined;
  /** Its ledger's server path. */
  ledgerPath: string;
  /** The latest snapshot of the notebook's current run, while its kernel lives. */
  live: TelemetrySnapshot | undefined;
  /** Recent calls of that run, gathered across its snapshots, newest first. */
  liveRecent: readonly RecentCall[];
  ledger: LedgerState | undefined;
  /** The latest project-wide spend any kernel reported. */
  project: ProjectSpend | undefined;
  settings: DiscernusSettings;
  money: MoneyFormatter;
  /** Epoch ms. */
  now: number;
}
