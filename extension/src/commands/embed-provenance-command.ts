import { Notification } from "@jupyterlab/apputils";
import type { CommandRegistry } from "@lumino/commands";
import type { ProvenanceMetadata } from "@discernus/provenance/browser";
import { NoNotebookError } from "../model/extension-errors.js";
import type { CommandDeps } from "./command-deps.js";

/**
 * Embeds the ledger into the notebook's metadata (`discernus.provenance`, as `discernus embed`
 * writes it) and saves the notebook, so it can be shared and verified on its own.
 */
export function embedProvenanceCommand(deps: CommandDeps): CommandRegistry.ICommandOptions {
  const { tracker, model, trans } = deps;
  return {
    label: trans.__("Embed Provenance into the Notebook"),
    caption: trans.__(
      "Write the verified ledger (gzip + base64), its head and totals into the notebook's metadata, and save",
    ),
    isEnabled: () => tracker.currentWidget !== null,
    execute: async (): Promise<ProvenanceMetadata | undefined> => {
      const panel = tracker.currentWidget;
      if (!panel) {
        Notification.warning(new NoNotebookError().message, { autoClose: 5000 });
        return undefined;
      }
      deps.revealSidebar();
      try {
        const provenance = await model.embed(panel);
        const notice = model.ledger(panel.context.path)?.notice;
        Notification.success(notice?.text ?? trans.__("Provenance embedded."), { autoClose: 5000 });
        return provenance;
      } catch (err) {
        Notification.error(err instanceof Error ? err.message : String(err), { autoClose: false });
        return undefined;
      }
    },
  };
}
