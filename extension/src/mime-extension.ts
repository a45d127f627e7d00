import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { TELEMETRY_MIME } from "./model/telemetry-snapshot.js";
import { ProgressLineRenderer } from "./widgets/progress-line-renderer.js";

/**
 * The inline renderer for Discernus telemetry outputs (package.json `jupyterlab.mimeExtension`).
 * Ranked ahead of text/html (rank 50), so JupyterLab shows the live bar; GitHub and nbviewer,
 * which know no custom MIME type, show the HTML and text the kernel sends beside it.
 */
const telemetryRenderer: IRenderMime.IExtension = {
  id: "@discernus/jupyterlab:telemetry-renderer",
  description: "Shows a Discernus analyze() run's progress line in the cell.",
  rendererFactory: {
    // Safe: it draws text with textContent only, so untrusted notebooks may use it too.
    safe: true,
    mimeTypes: [TELEMETRY_MIME],
    createRenderer: () => new ProgressLineRenderer(),
  },
  rank: 10,
  dataType: "json",
};

export default telemetryRenderer;
