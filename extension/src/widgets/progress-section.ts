import type { TranslationBundle } from "@jupyterlab/translation";
import type { FailureView, SidebarView } from "../model/sidebar-view.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { MeterBar } from "./meter-bar.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";
import { TextList } from "./text-list.js";

function failureRow(): KeyedRow<FailureView> {
  const count = createElement("span", { className: "jp-Discernus-count" });
  const reason = createElement("span");
  const node = createElement("li", {}, [count, reason]);
  return {
    node,
    update(f) {
      setAttr(node, "data-code", f.code);
      setText(count, `${f.count} × `);
      setText(reason, f.reason);
    },
  };
}

/** Progress of the running analyze(): done / total, retries, fallbacks, failures with reasons. */
export class ProgressSection {
  readonly node: HTMLElement;
  readonly #label: HTMLElement;
  readonly #bar: MeterBar;
  readonly #text: HTMLElement;
  readonly #details: TextList;
  readonly #failures: KeyedList<FailureView>;
  readonly #failuresNode: HTMLElement;

  constructor(trans: TranslationBundle) {
    this.node = createSection("progress", trans.__("Progress"), "jp-Discernus-progress");
    this.#label = createElement("div", { className: "jp-Discernus-label" });
    this.#bar = new MeterBar("progressbar", trans.__("Progress"), { "data-testid": "discernus-progress" });
    this.#text = createElement("div", { className: "jp-Discernus-detail" });
    const details = createElement("ul", { className: "jp-Discernus-facts" });
    this.#failuresNode = createElement("ul", {
      className: "jp-Discernus-failures",
      attrs: { "aria-label": trans.__("Failures by reason"), "data-testid": "discernus-failures" },
    });
    this.#details = new TextList(details);
    this.#failures = new KeyedList<FailureView>(this.#failuresNode, (f) => f.code, failureRow);
    this.node.append(this.#label, this.#bar.node, this.#text, details, this.#failuresNode);
  }

  update(view: SidebarView): void {
    const p = view.progress;
    setText(this.#label, p.label);
    this.#bar.setLabel(`${p.label}: ${p.text}`);
    this.#bar.update({ value: p.done, max: p.total, valueText: p.text, level: p.state });
    setAttr(this.#bar.node, "data-done", p.done);
    setAttr(this.#bar.node, "data-total", p.total);
    setAttr(this.#bar.node, "data-failed", p.failed);
    setAttr(this.#bar.node, "data-state", p.state);
    setText(this.#text, p.text);
    this.#details.update(p.details);
    this.#failures.update(p.failures);
    setHidden(this.#failuresNode, p.failures.length === 0);
  }
}
