import type { TranslationBundle } from "@jupyterlab/translation";
import type { VerifyBadge } from "../model/verify-badge.js";
import { createElement } from "./create-element.js";
import { setAttr, setText } from "./patch-dom.js";

/**
 * The ledger's verification state at the top of the panel: a coloured word (verified, modified,
 * unverifiable, checking…) and the one-line reason beside it, whole in the tooltip. Text only
 * (textContent): a reason quotes a ledger's problem, and a ledger is data.
 */
export class VerifyBadgeChip {
  readonly node: HTMLElement;
  readonly #label: HTMLElement;
  readonly #reason: HTMLElement;

  constructor(trans: TranslationBundle) {
    this.#label = createElement("span", { className: "jp-Discernus-verify-label" });
    this.#reason = createElement("span", {
      className: "jp-Discernus-verify-reason",
      attrs: { "data-testid": "discernus-verify-reason" },
    });
    this.node = createElement(
      "div",
      {
        className: "jp-Discernus-verify",
        attrs: {
          role: "status",
          "aria-label": trans.__("Ledger verification"),
          "data-testid": "discernus-verify-badge",
          "data-state": "checking",
        },
      },
      [this.#label, this.#reason],
    );
  }

  update(badge: VerifyBadge): void {
    setAttr(this.node, "data-state", badge.state);
    setAttr(this.node, "title", badge.title);
    setText(this.#label, badge.label);
    setText(this.#reason, badge.reason);
  }
}
