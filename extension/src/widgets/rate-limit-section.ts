import type { TranslationBundle } from "@jupyterlab/translation";
import type { LimitWindowView, ModelLimitView, SidebarView } from "../model/sidebar-view.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { MeterBar } from "./meter-bar.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";

function windowRow(first: LimitWindowView): KeyedRow<LimitWindowView> {
  const label = createElement("div", { className: "jp-Discernus-label" });
  const bar = new MeterBar("meter", first.ariaLabel);
  const text = createElement("div", { className: "jp-Discernus-detail" });
  const node = createElement("div", { className: "jp-Discernus-window" }, [label, bar.node, text]);
  return {
    node,
    update(w) {
      setText(label, w.label);
      setAttr(node, "data-kind", w.kind);
      bar.setLabel(w.ariaLabel);
      bar.update({ value: w.used, max: w.limit, valueText: w.text, level: w.level });
      setText(text, w.text);
    },
  };
}

function modelRow(trans: TranslationBundle): (first: ModelLimitView) => KeyedRow<ModelLimitView> {
  return (first) => {
    const name = createElement("div", { className: "jp-Discernus-model-name" });
    const windowsNode = createElement("div", { className: "jp-Discernus-windows" });
    const windows = new KeyedList<LimitWindowView>(windowsNode, (w) => w.kind, windowRow);
    const cooldown = createElement("div", { className: "jp-Discernus-cooldown", attrs: { role: "status" } });
    const node = createElement(
      "div",
      {
        className: "jp-Discernus-limit",
        attrs: {
          role: "group",
          "data-testid": `discernus-ratelimit-${first.model}`,
          "aria-label": trans.__("%1 rate limits", first.model),
        },
      },
      [name, windowsNode, cooldown],
    );
    return {
      node,
      update(m) {
        setText(name, m.simulated ? trans.__("%1 (local simulator)", m.model) : m.model);
        setAttr(node, "data-provider", m.provider);
        setAttr(node, "data-requests-remaining", m.requestsRemaining);
        setAttr(node, "data-requests-limit", m.requestsLimit);
        setAttr(node, "data-tokens-remaining", m.tokensRemaining);
        setAttr(node, "data-tokens-limit", m.tokensLimit);
        setAttr(node, "data-cooldown-until", m.cooldownUntil);
        windows.update(m.windows);
        setText(cooldown, m.cooldownText);
        setHidden(cooldown, m.cooldownText === "");
      },
    };
  };
}

/** Rate-limit headroom per provider and model, cool-downs after 429s, and the queue. */
export class RateLimitSection {
  readonly node: HTMLElement;
  readonly #queue: HTMLElement;
  readonly #note: HTMLElement;
  readonly #models: KeyedList<ModelLimitView>;

  constructor(trans: TranslationBundle) {
    this.node = createSection("limits", trans.__("Rate limits"), "jp-Discernus-limits");
    this.#queue = createElement("p", {
      className: "jp-Discernus-detail",
      attrs: { "data-testid": "discernus-queue" },
    });
    this.#note = createElement("p", { className: "jp-Discernus-note" });
    const list = createElement("div", { className: "jp-Discernus-limit-list" });
    this.#models = new KeyedList<ModelLimitView>(list, (m) => m.model, modelRow(trans));
    this.node.append(this.#queue, this.#note, list);
  }

  update(view: SidebarView): void {
    const limits = view.limits;
    setText(this.#queue, limits.queueText);
    setAttr(this.#queue, "data-in-flight", limits.inFlight);
    setAttr(this.#queue, "data-queued", limits.queued);
    setHidden(this.#queue, limits.queueText === "");
    setText(this.#note, limits.note);
    setHidden(this.#note, limits.note === "");
    this.#models.update(limits.models);
  }
}
