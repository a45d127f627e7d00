import type { JupyterFrontEnd } from "@jupyterlab/application";
import type { INotebookTracker } from "@jupyterlab/notebook";
import type { TranslationBundle } from "@jupyterlab/translation";
import type { LedgerReader } from "../io/ledger-reader.js";
import type { SidebarModel } from "../state/sidebar-model.js";

/** What the commands work with. */
export interface CommandDeps {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  model: SidebarModel;
  reader: LedgerReader;
  trans: TranslationBundle;
  /** Shows the sidebar, where commands put their results. */
  revealSidebar(): void;
}
