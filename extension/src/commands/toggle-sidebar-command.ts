import type { ILabShell, JupyterFrontEnd } from "@jupyterlab/application";
import type { TranslationBundle } from "@jupyterlab/translation";
import type { CommandRegistry } from "@lumino/commands";
import type { Widget } from "@lumino/widgets";

/** Shows the Discernus sidebar, or hides it when it is showing. */
export function toggleSidebarCommand(
  app: JupyterFrontEnd,
  sidebar: Widget,
  labShell: ILabShell | null,
  trans: TranslationBundle,
): CommandRegistry.ICommandOptions {
  return {
    label: trans.__("Show the Discernus Sidebar"),
    caption: trans.__("Show or hide the sidebar with spend, budget, rate limits and the ledger"),
    isToggled: () => sidebar.isVisible,
    execute: () => {
      if (sidebar.isVisible && labShell) labShell.collapseRight();
      else app.shell.activateById(sidebar.id);
    },
  };
}
