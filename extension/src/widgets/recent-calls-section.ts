import type { TranslationBundle } from "@jupyterlab/translation";
import type { RecentCallView, SidebarView } from "../model/sidebar-view.js";
import type { RecordState } from "../state/sidebar-model.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";

function callRow(onSelect: (callId: string) => void): (first: RecentCallView) => KeyedRow<RecentCallView> {
  return (first) => {
    const model = createElement("span", { className: "jp-Discernus-call-model" });
    const status = createElement("span", { className: "jp-Discernus-call-status" });
    const tokens = createElement("span", { className: "jp-Discernus-call-tokens" });
    const cost = createElement("span", { className: "jp-Discernus-money" });
    const latency = createElement("span", { className: "jp-Discernus-call-latency" });
    const at = createElement("span", { className: "jp-Discernus-call-at" });
    // Model output: textContent only, never HTML.
    const excerpt = createElement("span", { className: "jp-Discernus-call-excerpt" });
    const button = createElement("button", { className: "jp-Discernus-call", attrs: { type: "button" } }, [
      createElement("span", { className: "jp-Discernus-call-line" }, [model, status]),
      createElement("span", { className: "jp-Discernus-call-line jp-Discernus-detail" }, [
        tokens,
        cost,
        latency,
        at,
      ]),
      excerpt,
    ]);
    button.addEventListener("click", () => onSelect(first.callId));
    const node = createElement("li", { attrs: { "data-call-id": first.callId } }, [button]);
    return {
      node,
      update(c) {
        setText(model, c.model);
        setText(status, c.status);
        setAttr(status, "data-level", c.statusLevel);
        setText(tokens, c.tokensText);
        setText(cost, c.costText);
        setAttr(cost, "data-nano-usd", c.costNanoUsd);
        setText(latency, c.latencyText);
        setText(at, c.atText);
        setText(excerpt, c.excerpt ?? "");
        setHidden(excerpt, c.excerpt === undefined);
        setAttr(button, "aria-label", c.label);
        setAttr(node, "data-status", c.status);
      },
    };
  };
}

/** The latest calls (model, tokens, cost, latency, status); selecting one shows its ledger record. */
export class RecentCallsSection {
  readonly node: HTMLElement;
  readonly #note: HTMLElement;
  readonly #calls: KeyedList<RecentCallView>;
  readonly #list: HTMLElement;
  readonly #recordBox: HTMLElement;
  readonly #recordTitle: HTMLElement;
  readonly #record: HTMLPreElement;
  readonly #trans: TranslationBundle;
  #selected: string | undefined;
  /** The call whose record was last brought into view (so redraws do not move focus again). */
  #revealed: string | undefined;

  constructor(trans: TranslationBundle, onSelect: (callId: string) => void, onCloseRecord: () => void) {
    this.#trans = trans;
    this.node = createSection("recent", trans.__("Recent calls"), "jp-Discernus-recent");
    this.#note = createElement("p", { className: "jp-Discernus-note" });
    this.#list = createElement("ul", {
      className: "jp-Discernus-calls",
      attrs: {
        "data-testid": "discernus-recent-calls",
        "aria-label": trans.__("Recent calls, newest first"),
      },
    });
    this.#calls = new KeyedList<RecentCallView>(this.#list, (c) => c.callId, callRow(onSelect));

    this.#recordTitle = createElement("h4", {
      className: "jp-Discernus-subheading",
      attrs: { id: "discernus-record-title" },
    });
    this.#record = createElement("pre", {
      className: "jp-Discernus-record",
      attrs: {
        "data-testid": "discernus-record-view",
        tabindex: "0",
        role: "region",
        "aria-labelledby": "discernus-record-title",
      },
    });
    const close = createElement("button", {
      className: "jp-Discernus-button",
      text: trans.__("Close"),
      attrs: { type: "button", "aria-label": trans.__("Close the call record") },
    });
    close.addEventListener("click", onCloseRecord);
    this.#recordBox = createElement("div", { className: "jp-Discernus-record-box" }, [
      createElement("div", { className: "jp-Discernus-record-head" }, [this.#recordTitle, close]),
      this.#record,
    ]);
    this.#recordBox.hidden = true;
    this.node.append(this.#note, this.#list, this.#recordBox);
  }

  update(view: SidebarView, record: RecordState | undefined): void {
    setText(this.#note, view.recentNote);
    this.#calls.update(view.recent);
    setHidden(this.#recordBox, record === undefined);
    if (record) {
      setText(this.#recordTitle, this.#trans.__("Ledger record of call %1", record.callId));
      // The record (model output included) is text: textContent, never innerHTML.
      setText(this.#record, record.text);
      setAttr(this.#record, "data-call-id", record.callId);
      setAttr(this.#record, "data-status", record.status);
      if (record.status !== "loading" && this.#revealed !== record.callId) {
        this.#revealed = record.callId;
        // The record sits under the list: bring it into view and give it focus, so a keyboard or
        // screen-reader user lands on what they asked for.
        this.#recordBox.scrollIntoView({ block: "nearest" });
        this.#record.focus({ preventScroll: true });
      }
    } else this.#revealed = undefined;
    if (record?.callId !== this.#selected) {
      const previous = this.#list.querySelector(".jp-mod-selected");
      previous?.classList.remove("jp-mod-selected");
      previous?.querySelector("button")?.removeAttribute("aria-current");
      this.#selected = record?.callId;
    }
    if (this.#selected !== undefined) {
      const row = this.#list.querySelector(`li[data-call-id="${CSS.escape(this.#selected)}"]`);
      row?.classList.add("jp-mod-selected");
      row?.querySelector("button")?.setAttribute("aria-current", "true");
    }
  }
}
