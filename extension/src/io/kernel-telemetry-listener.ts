import type { NotebookPanel, INotebookTracker } from "@jupyterlab/notebook";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import type { IDisposable } from "@lumino/disposable";
import { TELEMETRY_MIME } from "../model/telemetry-snapshot.js";

/** What the listener reports. */
export interface TelemetryHandlers {
  /** Raw data of one telemetry output (a JSON string or object), from the panel's kernel. */
  snapshot(panel: NotebookPanel, data: unknown): void;
  /** The panel's kernel restarted, died, stopped or was replaced: its live runs are over. */
  kernelReset(panel: NotebookPanel): void;
}

/** Output messages that can carry a snapshot: kernel-helpers sends the first as display_data, then updates it in place. */
const OUTPUT_TYPES = new Set(["display_data", "update_display_data", "execute_result"]);
const RESET_STATUSES = new Set<Kernel.Status>(["restarting", "autorestarting", "dead"]);

/**
 * Watches the iopub channel of every notebook's kernel (notebooks open now and opened later,
 * following kernel changes and restarts) for telemetry outputs. Reading iopub, not the output
 * area, catches snapshots of cells whose outputs are hidden, cleared or scrolled away.
 */
export class KernelTelemetryListener implements IDisposable {
  readonly #tracker: INotebookTracker;
  readonly #handlers: TelemetryHandlers;
  readonly #unwatch = new Map<NotebookPanel, () => void>();
  #disposed = false;

  constructor(tracker: INotebookTracker, handlers: TelemetryHandlers) {
    this.#tracker = tracker;
    this.#handlers = handlers;
    tracker.forEach((panel) => this.#watch(panel));
    tracker.widgetAdded.connect(this.#onAdded, this);
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#tracker.widgetAdded.disconnect(this.#onAdded, this);
    for (const unwatch of this.#unwatch.values()) unwatch();
    this.#unwatch.clear();
  }

  #onAdded(_: INotebookTracker, panel: NotebookPanel): void {
    this.#watch(panel);
  }

  #watch(panel: NotebookPanel): void {
    if (this.#unwatch.has(panel)) return;
    const handlers = this.#handlers;
    const context = panel.sessionContext;
    let kernel: Kernel.IKernelConnection | null = null;

    const onIopub = (_: Kernel.IKernelConnection, msg: KernelMessage.IIOPubMessage) => {
      if (!OUTPUT_TYPES.has(msg.header.msg_type)) return;
      const data = (msg.content as { data?: Record<string, unknown> }).data;
      if (data && Object.prototype.hasOwnProperty.call(data, TELEMETRY_MIME))
        handlers.snapshot(panel, data[TELEMETRY_MIME]);
    };
    const onStatus = (_: Kernel.IKernelConnection, status: Kernel.Status) => {
      if (RESET_STATUSES.has(status)) handlers.kernelReset(panel);
    };
    const bind = (next: Kernel.IKernelConnection | null) => {
      if (kernel) {
        kernel.iopubMessage.disconnect(onIopub);
        kernel.statusChanged.disconnect(onStatus);
      }
      kernel = next;
      if (kernel) {
        kernel.iopubMessage.connect(onIopub);
        kernel.statusChanged.connect(onStatus);
      }
    };
    const onKernelChanged = () => {
      bind(context.session?.kernel ?? null);
      handlers.kernelReset(panel);
    };
    context.kernelChanged.connect(onKernelChanged);
    bind(context.session?.kernel ?? null);

    const unwatch = () => {
      context.kernelChanged.disconnect(onKernelChanged);
      bind(null);
      panel.disposed.disconnect(onDisposed);
      this.#unwatch.delete(panel);
    };
    const onDisposed = () => unwatch();
    panel.disposed.connect(onDisposed);
    this.#unwatch.set(panel, unwatch);
  }
}
