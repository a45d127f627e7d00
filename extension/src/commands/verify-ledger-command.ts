import { Notification } from "@jupyterlab/apputils";
import type { CommandRegistry } from "@lumino/commands";
import type { VerifyReport } from "@discernus/provenance/browser";
import { NoNotebookError } from "../model/extension-errors.js";
import { ledgerStatusText } from "../model/ledger-status-text.js";
import type { CommandDeps } from "./command-deps.js";

/**
 * Verifies the notebook's ledger in the browser (the checks of `discernus verify` on the ledger:
 * header, canonical form, sequence, hash chain, schema, run totals) and shows the verdict in the
 * sidebar's ledger status and as a notification. Returns the report.
 */
export function verifyLedgerCommand(deps: CommandDeps): CommandRegistry.ICommandOptions {
  const { tracker, model, trans } = deps;
  return {
    label: trans.__("Verify the Notebook's Ledger"),
    caption: trans.__(
      "Check every line of the notebook's provenance ledger: hash chain, sequence, schema and run totals",
    ),
    isEnabled: () => tracker.currentWidget !== null,
    execute: async (): Promise<VerifyReport | undefined> => {
      const panel = tracker.currentWidget;
      if (!panel) {
        Notification.warning(new NoNotebookError().message, { autoClose: 5000 });
        return undefined;
      }
      deps.revealSidebar();
      const { state, report } = await model.verify(panel);
      const { level, text } = ledgerStatusText(state);
      if (level === "verified") Notification.success(text, { autoClose: 5000 });
      else if (level === "torn_tail" || level === "absent") Notification.warning(text, { autoClose: 8000 });
      else Notification.error(text, { autoClose: false });
      return report;
    },
  };
}
