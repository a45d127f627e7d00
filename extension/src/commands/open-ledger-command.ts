import { ledgerPathFor } from "@discernus/provenance/browser";
import { Notification } from "@jupyterlab/apputils";
import type { CommandRegistry } from "@lumino/commands";
import { hasEmbeddedLedger } from "../model/decode-embedded-ledger.js";
import { LedgerNotFoundError, NoNotebookError } from "../model/extension-errors.js";
import { baseName } from "../model/path-names.js";
import type { CommandDeps } from "./command-deps.js";

/** Opens the notebook's ledger file (`study.provenance.jsonl`) in the text editor. */
export function openLedgerCommand(deps: CommandDeps): CommandRegistry.ICommandOptions {
  const { app, tracker, reader, trans } = deps;
  return {
    label: trans.__("Open the Notebook's Ledger"),
    caption: trans.__("Open the provenance ledger beside the notebook in the text editor"),
    isEnabled: () => tracker.currentWidget !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        Notification.warning(new NoNotebookError().message, { autoClose: 5000 });
        return undefined;
      }
      const path = ledgerPathFor(panel.context.path);
      try {
        if ((await reader.lastModified(path)) === undefined) {
          if (hasEmbeddedLedger(panel.context.model.getMetadata("discernus"))) {
            Notification.info(
              trans.__(
                "%1 is not beside the notebook; only its embedded copy is. Write it out with `discernus extract %2`, then open it.",
                baseName(path),
                panel.context.path,
              ),
              { autoClose: 8000 },
            );
            return undefined;
          }
          throw new LedgerNotFoundError(path);
        }
        return await app.commands.execute("docmanager:open", { path, factory: "Editor" });
      } catch (err) {
        Notification.error(err instanceof Error ? err.message : String(err), { autoClose: false });
        return undefined;
      }
    },
  };
}
