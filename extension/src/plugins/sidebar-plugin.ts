import {
  ILabShell,
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin,
} from "@jupyterlab/application";
import { ICommandPalette } from "@jupyterlab/apputils";
import { INotebookTracker, type NotebookPanel } from "@jupyterlab/notebook";
import { ISettingRegistry } from "@jupyterlab/settingregistry";
import { ITranslator, nullTranslator } from "@jupyterlab/translation";
import { CommandIds, PALETTE_CATEGORY } from "../commands/command-ids.js";
import type { CommandDeps } from "../commands/command-deps.js";
import { embedProvenanceCommand } from "../commands/embed-provenance-command.js";
import { openLedgerCommand } from "../commands/open-ledger-command.js";
import { toggleSidebarCommand } from "../commands/toggle-sidebar-command.js";
import { verifyLedgerCommand } from "../commands/verify-ledger-command.js";
import { KernelTelemetryListener } from "../io/kernel-telemetry-listener.js";
import { LedgerReader } from "../io/ledger-reader.js";
import { readSettings } from "../model/discernus-settings.js";
import { SidebarModel } from "../state/sidebar-model.js";
import { discernusIcon } from "../widgets/discernus-icon.js";
import { SidebarPanel } from "../widgets/sidebar-panel.js";

export const SIDEBAR_PLUGIN_ID = "@discernus/jupyterlab:sidebar";

/** Keeps the model's live runs and ledger following a notebook across renames. */
function followRenames(tracker: INotebookTracker, model: SidebarModel): void {
  const watch = (panel: NotebookPanel) => {
    let path = panel.context.path;
    panel.context.pathChanged.connect(() => {
      const old = path;
      path = panel.context.path;
      model.renamed(panel, old);
    });
  };
  tracker.forEach(watch);
  tracker.widgetAdded.connect((_, panel) => watch(panel));
}

function activate(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  palette: ICommandPalette | null,
  settingRegistry: ISettingRegistry | null,
  translator: ITranslator | null,
  labShell: ILabShell | null,
  restorer: ILayoutRestorer | null,
): void {
  const trans = (translator ?? nullTranslator).load("discernus");
  const reader = new LedgerReader(app.serviceManager.contents);
  const model = new SidebarModel(reader);
  const sidebar = new SidebarPanel({
    model,
    trans,
    icon: discernusIcon,
    execute: (command) => void app.commands.execute(command),
  });
  app.shell.add(sidebar, "right", { rank: 600 });
  restorer?.add(sidebar, sidebar.id);

  // Live snapshots from every kernel; the sidebar shows the notebook in focus.
  new KernelTelemetryListener(tracker, {
    snapshot: (panel, data) => model.offerSnapshot(panel, data),
    kernelReset: (panel) => model.kernelReset(panel),
  });
  tracker.currentChanged.connect((_, panel) => model.setCurrent(panel));
  model.setCurrent(tracker.currentWidget);
  followRenames(tracker, model);

  const deps: CommandDeps = {
    app,
    tracker,
    model,
    reader,
    trans,
    revealSidebar: () => app.shell.activateById(sidebar.id),
  };
  app.commands.addCommand(CommandIds.verifyLedger, verifyLedgerCommand(deps));
  app.commands.addCommand(CommandIds.embedProvenance, embedProvenanceCommand(deps));
  app.commands.addCommand(CommandIds.openLedger, openLedgerCommand(deps));
  app.commands.addCommand(CommandIds.toggleSidebar, toggleSidebarCommand(app, sidebar, labShell, trans));
  // The palette greys out commands that need a notebook when none is in focus.
  tracker.currentChanged.connect(() => app.commands.notifyCommandChanged());
  if (palette) {
    for (const command of Object.values(CommandIds))
      palette.addItem({ command, category: trans.__(PALETTE_CATEGORY) });
  }

  if (settingRegistry) {
    settingRegistry
      .load(SIDEBAR_PLUGIN_ID)
      .then((settings) => {
        const apply = () => model.setSettings(readSettings(settings.composite));
        apply();
        settings.changed.connect(apply);
      })
      .catch((err: unknown) => {
        console.warn(`Discernus: the settings could not be loaded, so the defaults apply (${String(err)}).`);
      });
  }
}

/**
 * The sidebar: spend, budget, rate limits, progress, recent calls and the ledger of the notebook
 * in focus, live from its kernel or read from its ledger; and the ledger commands.
 */
export const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: SIDEBAR_PLUGIN_ID,
  description: "The Discernus sidebar and the ledger commands (verify, embed provenance, open).",
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ISettingRegistry, ITranslator, ILabShell, ILayoutRestorer],
  activate,
};
