import type { TranslationBundle } from "@jupyterlab/translation";
import type { BatchView, SidebarView } from "../model/sidebar-view.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { MeterBar } from "./meter-bar.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";

/** The bar's colour: the existing progress levels (running, done, failed). */
function levelOf(b: BatchView): string {
  if (b.inFlight) return "running";
  return b.state === "collected" ? "done" : "failed";
}

function batchRow(trans: TranslationBundle): (first: BatchView) => KeyedRow<BatchView> {
  return (first) => {
    const name = createElement("span", { className: "jp-Discernus-model-name" });
    const state = createElement("span", { className: "jp-Discernus-detail" });
    const resumed = createElement("span", { className: "jp-Discernus-detail", text: trans.__("resumed") });
    const bar = new MeterBar("progressbar", trans.__("%1: items done", first.title));
    const progress = createElement("div", { className: "jp-Discernus-detail" });
    const expiry = createElement("div", { className: "jp-Discernus-detail" });
    const cost = createElement("div", { className: "jp-Discernus-detail" });
    const error = createElement("div", { className: "jp-Discernus-detail", attrs: { role: "status" } });
    const node = createElement(
      "div",
      {
        className: "jp-Discernus-limit jp-Discernus-batch",
        attrs: { role: "group", "data-testid": `discernus-batch-${first.batchId}` },
      },
      [
        createElement("div", { className: "jp-Discernus-label" }, [
          name,
          document.createTextNode(" "),
          state,
          document.createTextNode(" "),
          resumed,
        ]),
        bar.node,
        progress,
        expiry,
        cost,
        error,
      ],
    );
    return {
      node,
      update(b) {
        setAttr(node, "aria-label", b.label);
        setAttr(node, "data-provider", b.provider);
        setAttr(node, "data-state", b.state);
        setAttr(node, "data-in-flight", String(b.inFlight));
        setAttr(node, "data-items", b.items);
        setAttr(node, "data-succeeded", b.succeeded);
        setAttr(node, "data-errored", b.errored);
        setAttr(node, "data-expired", b.expired);
        setAttr(node, "data-cancelled", b.cancelled);
        setAttr(node, "data-processing", b.processing);
        setAttr(node, "data-resumed", String(b.resumed));
        setAttr(node, "data-cost-nano-usd", b.costNanoUsd);
        setAttr(node, "data-expires-in-ms", b.expiresInMs);
        setText(name, b.title);
        setText(state, `· ${b.stateText}`);
        setHidden(resumed, !b.resumed);
        bar.setLabel(trans.__("%1: items done", b.title));
        bar.update({ value: b.done, max: b.items, valueText: b.progressText, level: levelOf(b) });
        setText(progress, b.progressText);
        setText(expiry, b.expiryText);
        setHidden(expiry, b.expiryText === "");
        setText(cost, b.costText);
        setText(error, b.error);
        setHidden(error, b.error === "");
      },
    };
  };
}

/** A batch-mode run's provider batches: state, items done, time to the provider's expiry, cost. */
export class BatchesSection {
  readonly node: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #batches: KeyedList<BatchView>;

  constructor(trans: TranslationBundle) {
    this.node = createSection("batches", trans.__("Batches"), "jp-Discernus-batches");
    this.node.setAttribute("data-testid", "discernus-batches");
    this.#summary = createElement("p", { className: "jp-Discernus-detail" });
    const list = createElement("div", { className: "jp-Discernus-batch-list" });
    this.#batches = new KeyedList<BatchView>(list, (b) => b.batchId, batchRow(trans));
    this.node.append(this.#summary, list);
    this.node.hidden = true;
  }

  update(view: SidebarView): void {
    const batches = view.batches;
    setHidden(this.node, batches.items.length === 0);
    setText(this.#summary, batches.summary);
    this.#batches.update(batches.items);
  }
}
