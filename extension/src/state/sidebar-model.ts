import { ledgerPathFor, type ProvenanceMetadata, type VerifyReport } from "@discernus/provenance/browser";
import type { NotebookPanel } from "@jupyterlab/notebook";
import type { IDisposable } from "@lumino/disposable";
import { Signal, type ISignal } from "@lumino/signaling";
import { embedProvenanceIntoNotebook } from "../io/embed-provenance-into-notebook.js";
import type { LedgerReader } from "../io/ledger-reader.js";
import { readNotebookLedger } from "../io/read-notebook-ledger.js";
import { DEFAULT_SETTINGS, MAX_RECENT_CALLS, type DiscernusSettings } from "../model/discernus-settings.js";
import {
  DiscernusExtensionError,
  LedgerNotFoundError,
  NoNotebookError,
  RecordNotFoundError,
} from "../model/extension-errors.js";
import { findCallRecord } from "../model/find-call-record.js";
import type { LedgerState } from "../model/ledger-state.js";
import { loadedLedgerState } from "../model/loaded-ledger-state.js";
import { MoneyFormatter } from "../model/money-formatter.js";
import { baseName } from "../model/path-names.js";
import { recordedHead, sameRecordedHead } from "../model/recorded-head.js";
import { sidebarView } from "../model/sidebar-view-model.js";
import type { SidebarView } from "../model/sidebar-view.js";
import { SnapshotStore } from "../model/snapshot-store.js";
import { summarizeLedgerText } from "../model/summarize-ledger-text.js";

/** The record panel: which call, and its pretty JSON or why it is not shown. */
export interface RecordState {
  callId: string;
  status: "loading" | "shown" | "error";
  /** Pretty-printed JSON of the record (status "shown"), or the error message. */
  text: string;
}

/** Wait after a run's last snapshot before re-reading the ledger, so the run's end record is written. */
const REFRESH_AFTER_RUN_MS = 400;

const messageOf = (err: unknown) =>
  err instanceof DiscernusExtensionError
    ? err.message
    : `${err instanceof Error ? err.message : String(err)}`;

/**
 * The sidebar's state, and the one place that changes it: live snapshots per notebook (from the
 * kernel listener), each notebook's ledger as last read (history, totals, verification), the
 * settings, and the record on show. `changed` fires on every change; the panel coalesces redraws.
 */
export class SidebarModel implements IDisposable {
  readonly store = new SnapshotStore();
  readonly #changed = new Signal<this, void>(this);
  readonly #reader: LedgerReader;
  readonly #ledgers = new Map<string, LedgerState>();
  /** The current ledger's last text, for looking up a record without reading the file again. */
  #text: { path: string; text: string } | undefined;
  readonly #loads = new Map<string, AbortController>();
  readonly #refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #panel: NotebookPanel | null = null;
  #settings: DiscernusSettings = { ...DEFAULT_SETTINGS };
  #money = new MoneyFormatter(DEFAULT_SETTINGS);
  #record: RecordState | undefined;
  #disposed = false;
  /** Whether the panel is showing: ledgers are read for it only then (commands read them anyway). */
  #active = false;

  constructor(reader: LedgerReader) {
    this.#reader = reader;
  }

  get changed(): ISignal<this, void> {
    return this.#changed;
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const controller of this.#loads.values()) controller.abort();
    for (const timer of this.#refreshTimers.values()) clearTimeout(timer);
    Signal.clearData(this);
  }

  get settings(): DiscernusSettings {
    return this.#settings;
  }

  get money(): MoneyFormatter {
    return this.#money;
  }

  setSettings(settings: DiscernusSettings): void {
    this.#settings = settings;
    this.#money = new MoneyFormatter(settings);
    this.#emit();
  }

  /** The notebook in focus. */
  get panel(): NotebookPanel | null {
    return this.#panel;
  }

  get record(): RecordState | undefined {
    return this.#record;
  }

  setCurrent(panel: NotebookPanel | null): void {
    if (panel === this.#panel) return;
    this.#panel = panel;
    this.#record = undefined;
    this.#emit();
    if (panel && this.#active) void this.refreshLedger(panel);
  }

  /**
   * The panel was shown or hidden. A hidden panel reads no ledger (a 10,000-call ledger is
   * megabytes); shown again, it reads the current one if it changed meanwhile.
   */
  setActive(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    if (active && this.#panel) void this.refreshLedger(this.#panel);
  }

  /** The ledger state of a notebook path. */
  ledger(notebookPath: string): LedgerState | undefined {
    return this.#ledgers.get(ledgerPathFor(notebookPath));
  }

  /** Everything the panel shows for the notebook in focus. */
  view(now: number): SidebarView {
    const notebookPath = this.#panel?.context.path;
    const ledgerPath = notebookPath === undefined ? "" : ledgerPathFor(notebookPath);
    const live = notebookPath === undefined ? undefined : this.store.latest(notebookPath);
    return sidebarView({
      notebookPath,
      ledgerPath,
      live,
      liveRecent: live && notebookPath !== undefined ? this.store.recentCalls(notebookPath) : [],
      ledger: this.#ledgers.get(ledgerPath),
      project: this.store.project,
      settings: this.#settings,
      money: this.#money,
      now,
    });
  }

  /** A telemetry output from `panel`'s kernel. */
  offerSnapshot(panel: NotebookPanel, data: unknown): void {
    const path = panel.context.path;
    if (this.store.offer(path, data) !== "accepted") return;
    const latest = this.store.latest(path);
    // A run that ended has written its records: re-read the ledger for the history and totals.
    if (latest && latest.state !== "running") this.#refreshSoon(panel);
    this.#emit();
  }

  /** The kernel restarted or stopped: its runs are no longer live, and the ledger is the truth. */
  kernelReset(panel: NotebookPanel): void {
    this.store.clear(panel.context.path);
    this.#emit();
    this.#refreshSoon(panel);
  }

  /** The notebook was renamed: its live runs and ledger follow it. */
  renamed(panel: NotebookPanel, oldPath: string): void {
    this.store.rename(oldPath, panel.context.path);
    this.#emit();
    if (this.#active && panel === this.#panel) void this.refreshLedger(panel);
  }

  #refreshSoon(panel: NotebookPanel): void {
    const path = panel.context.path;
    clearTimeout(this.#refreshTimers.get(path));
    this.#refreshTimers.set(
      path,
      setTimeout(() => {
        this.#refreshTimers.delete(path);
        if (!this.#disposed && !panel.isDisposed && this.#active && panel === this.#panel)
          void this.refreshLedger(panel);
      }, REFRESH_AFTER_RUN_MS),
    );
  }

  /**
   * Reads (and verifies) the notebook's ledger: the file beside it, else the copy embedded in it.
   * An unchanged file is not read again unless `force`. Resolves to the state it leaves.
   */
  async refreshLedger(panel: NotebookPanel, options: { force?: boolean } = {}): Promise<LedgerState> {
    const notebookPath = panel.context.path;
    const path = ledgerPathFor(notebookPath);
    const before = this.#ledgers.get(path);
    this.#loads.get(path)?.abort();
    const controller = new AbortController();
    this.#loads.set(path, controller);
    const set = (state: LedgerState) => {
      if (controller.signal.aborted) return;
      this.#ledgers.set(path, state);
      this.#emit();
    };
    // Keep showing what was read while reading again; "loading" only the first time.
    if (!before || before.status !== "loaded") set({ path, status: "loading" });
    try {
      const discernus = panel.context.model?.getMetadata("discernus");
      // What the notebook recorded at its last embedding: read with the ledger, so that a new
      // embedding (or a reverted notebook) is checked even when the ledger file did not change.
      const recorded = recordedHead(discernus);
      if (
        !options.force &&
        before?.status === "loaded" &&
        before.origin === "file" &&
        sameRecordedHead(recorded, before.recorded)
      ) {
        const lastModified = await this.#reader.lastModified(path);
        if (lastModified !== undefined && lastModified === before.lastModified) {
          set({ ...before, readAt: Date.now() });
          return before;
        }
      }
      const ledger = await readNotebookLedger(this.#reader, notebookPath, discernus);
      if (!ledger) {
        const absent: LedgerState = { path, status: "absent" };
        set(absent);
        return absent;
      }
      const summary = await summarizeLedgerText(ledger.text, {
        recentCalls: MAX_RECENT_CALLS,
        signal: controller.signal,
        ...(recorded ? { headAfter: recorded.records } : {}),
      });
      const state: LedgerState = {
        ...loadedLedgerState(path, ledger, summary, recorded, Date.now()),
        ...(before?.notice ? { notice: before.notice } : {}),
      };
      if (!controller.signal.aborted && panel === this.#panel) this.#text = { path, text: ledger.text };
      set(state);
      return state;
    } catch (err) {
      if (controller.signal.aborted) return this.#ledgers.get(path) ?? { path, status: "unknown" };
      const failed: LedgerState = { path, status: "error", error: messageOf(err) };
      set(failed);
      return failed;
    } finally {
      if (this.#loads.get(path) === controller) this.#loads.delete(path);
    }
  }

  /** The verify command: reads the ledger again whatever its date and returns the verdict. */
  async verify(
    panel: NotebookPanel | null = this.#panel,
  ): Promise<{ state: LedgerState; report?: VerifyReport }> {
    if (!panel) throw new NoNotebookError();
    const state = await this.refreshLedger(panel, { force: true });
    return state.report ? { state, report: state.report } : { state };
  }

  /**
   * The embed command: writes the ledger (complete lines, gzip + base64) with its record count,
   * head and totals into the notebook's metadata, and saves the notebook.
   */
  async embed(panel: NotebookPanel | null = this.#panel): Promise<ProvenanceMetadata> {
    if (!panel) throw new NoNotebookError();
    const notebookPath = panel.context.path;
    const ledgerPath = ledgerPathFor(notebookPath);
    try {
      const provenance = await embedProvenanceIntoNotebook(this.#reader, panel);
      const embedded = provenance.embedded;
      this.#notice(ledgerPath, {
        level: "info",
        text: `Embedded ${provenance.ledger} into ${baseName(notebookPath)} and saved it: ${provenance.records} records, head ${provenance.head.slice(0, 12)}…${embedded ? `, ${embedded.bytes} bytes as ${embedded.data.length} base64 characters` : ""}.`,
      });
      // The notebook now records a head: read again so the verify badge checks the ledger against it.
      await this.refreshLedger(panel);
      return provenance;
    } catch (err) {
      this.#notice(ledgerPath, { level: "error", text: messageOf(err) });
      throw err;
    }
  }

  #notice(ledgerPath: string, notice: { level: "info" | "error"; text: string }): void {
    const state = this.#ledgers.get(ledgerPath) ?? { path: ledgerPath, status: "unknown" as const };
    this.#ledgers.set(ledgerPath, { ...state, notice });
    this.#emit();
  }

  /** Shows the ledger record of a call (pretty JSON, as text), reading the ledger again if it is newer. */
  async showRecord(callId: string): Promise<void> {
    const panel = this.#panel;
    if (!panel) return;
    const path = ledgerPathFor(panel.context.path);
    this.#record = { callId, status: "loading", text: `Reading call ${callId} from ${baseName(path)}…` };
    this.#emit();
    const done = (record: RecordState) => {
      if (this.#record?.callId !== callId) return;
      this.#record = record;
      this.#emit();
    };
    try {
      let record = this.#text?.path === path ? findCallRecord(this.#text.text, callId) : undefined;
      if (!record) {
        // The call may be newer than the text held: read the ledger (or the embedded copy) again.
        const state = await this.refreshLedger(panel, { force: true });
        if (state.status === "absent") throw new LedgerNotFoundError(path);
        if (state.status === "error") throw new Error(state.error);
        record = this.#text?.path === path ? findCallRecord(this.#text.text, callId) : undefined;
      }
      if (!record) throw new RecordNotFoundError(path, callId);
      done({ callId, status: "shown", text: JSON.stringify(record, null, 2) });
    } catch (err) {
      done({ callId, status: "error", text: messageOf(err) });
    }
  }

  closeRecord(): void {
    if (!this.#record) return;
    this.#record = undefined;
    this.#emit();
  }

  #emit(): void {
    if (!this.#disposed) this.#changed.emit();
  }
}
