import type { TranslationBundle } from "@jupyterlab/translation";
import type { LabIcon } from "@jupyterlab/ui-components";
import type { Message } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import type { SidebarView } from "../model/sidebar-view.js";
import type { SidebarModel } from "../state/sidebar-model.js";
import { BatchesSection } from "./batches-section.js";
import { createElement } from "./create-element.js";
import { LedgerSection } from "./ledger-section.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";
import { ProgressSection } from "./progress-section.js";
import { RateLimitSection } from "./rate-limit-section.js";
import { RecentCallsSection } from "./recent-calls-section.js";
import { SpendSection } from "./spend-section.js";
import { VerifyBadgeChip } from "./verify-badge-chip.js";

/** The sidebar's widget id (end-to-end tests and `activateById` find it by this). */
export const SIDEBAR_ID = "discernus-sidebar";

/** How often countdowns (rate-limit resets, cool-downs, batch expiries) are redrawn while something counts down. */
const TICK_MS = 1000;

function needsTick(view: SidebarView, now: number): boolean {
  return (
    view.limits.models.some((m) => (m.cooldownUntil ?? 0) > now || m.windows.some((w) => w.resetInMs > 0)) ||
    view.batches.items.some((b) => (b.expiresInMs ?? 0) > 0)
  );
}

export interface SidebarPanelOptions {
  model: SidebarModel;
  trans: TranslationBundle;
  icon: LabIcon;
  /** Runs a command by id (the panel's buttons are the palette's commands). */
  execute: (command: string) => void;
}

/**
 * The Discernus sidebar: one panel on the right that follows the notebook in focus. It draws the
 * model's view at most once per animation frame, however many snapshots arrive, and only while it
 * is visible; each section updates its existing nodes rather than rebuilding them.
 */
export class SidebarPanel extends Widget {
  readonly #model: SidebarModel;
  readonly #title: HTMLElement;
  readonly #subtitle: HTMLElement;
  readonly #verify: VerifyBadgeChip;
  readonly #empty: HTMLElement;
  readonly #sections: HTMLElement;
  readonly #spend: SpendSection;
  readonly #limits: RateLimitSection;
  readonly #progress: ProgressSection;
  readonly #batches: BatchesSection;
  readonly #recent: RecentCallsSection;
  readonly #ledger: LedgerSection;
  #frame: number | undefined;
  #tick: ReturnType<typeof setTimeout> | undefined;
  #dirty = true;

  constructor(options: SidebarPanelOptions) {
    super();
    const { model, trans } = options;
    this.#model = model;
    this.id = SIDEBAR_ID;
    this.addClass("jp-Discernus-sidebar");
    this.title.icon = options.icon;
    this.title.caption = trans.__("Discernus: spend, budget, rate limits and the ledger");
    this.node.setAttribute("role", "complementary");
    this.node.setAttribute("aria-label", trans.__("Discernus"));
    this.node.setAttribute("data-source", "ledger");

    this.#title = createElement("h2", { className: "jp-Discernus-title", text: trans.__("Discernus") });
    this.#subtitle = createElement("p", { className: "jp-Discernus-subtitle" });
    this.#verify = new VerifyBadgeChip(trans);
    this.#empty = createElement("p", { className: "jp-Discernus-empty" });
    this.#spend = new SpendSection(trans);
    this.#limits = new RateLimitSection(trans);
    this.#progress = new ProgressSection(trans);
    this.#batches = new BatchesSection(trans);
    this.#recent = new RecentCallsSection(
      trans,
      (callId) => void model.showRecord(callId),
      () => model.closeRecord(),
    );
    this.#ledger = new LedgerSection(trans, options.execute);
    this.#sections = createElement("div", { className: "jp-Discernus-sections" }, [
      this.#spend.node,
      this.#progress.node,
      this.#batches.node,
      this.#limits.node,
      this.#recent.node,
      this.#ledger.node,
    ]);
    this.node.append(
      // The verdict sits in the header, visible without scrolling down to the ledger section.
      createElement("header", { className: "jp-Discernus-header" }, [
        this.#title,
        this.#subtitle,
        this.#verify.node,
      ]),
      this.#empty,
      this.#sections,
    );
    model.changed.connect(this.#onChanged, this);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#model.changed.disconnect(this.#onChanged, this);
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#tick);
    super.dispose();
  }

  #onChanged(): void {
    this.scheduleRender();
  }

  /** Asks for a redraw on the next animation frame; many asks in one frame make one redraw. */
  scheduleRender(): void {
    this.#dirty = true;
    if (this.#frame !== undefined || !this.isVisible) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      this.renderNow();
    });
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.#model.setActive(true);
    if (this.#dirty) this.scheduleRender();
  }

  protected override onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.#model.setActive(false);
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    if (this.isVisible) this.#model.setActive(true);
    this.scheduleRender();
  }

  /** Draws the current view now (the frame callback; tests may call it). */
  renderNow(): void {
    this.#dirty = false;
    const now = Date.now();
    const view = this.#model.view(now);
    setAttr(this.node, "data-source", view.source);
    setText(this.#subtitle, view.subtitle);
    setText(this.#empty, view.empty ?? "");
    setHidden(this.#empty, view.empty === undefined);
    setHidden(this.#sections, view.empty !== undefined);
    setHidden(this.#verify.node, view.empty !== undefined);
    this.#verify.update(view.verify);
    if (view.empty === undefined) {
      this.#spend.update(view);
      this.#progress.update(view);
      this.#batches.update(view);
      this.#limits.update(view);
      this.#recent.update(view, this.#model.record);
      this.#ledger.update(view);
    }
    clearTimeout(this.#tick);
    this.#tick = needsTick(view, now) ? setTimeout(() => this.scheduleRender(), TICK_MS) : undefined;
  }
}
