import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { sidebarPlugin } from "./plugins/sidebar-plugin.js";

/** The JupyterLab extension (package.json `jupyterlab.extension`); the MIME renderer is in mime-extension.ts. */
const plugins: JupyterFrontEndPlugin<unknown>[] = [sidebarPlugin];

export default plugins;
