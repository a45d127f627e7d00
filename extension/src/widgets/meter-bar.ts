import { createElement } from "./create-element.js";
import { setAttr, setStyle } from "./patch-dom.js";

export interface MeterState {
  /** 0 to `max`. */
  value: number;
  max: number;
  /** Read by screen readers instead of the number. */
  valueText: string;
  /** A level for the colour: ok, warn, full, stopped... */
  level: string;
  /** A second, lighter fill (money reserved by calls in flight), as a fraction of max. */
  secondary?: number;
}

/**
 * A horizontal bar with ARIA semantics: role "meter" for a gauge (budget, rate limits) or
 * "progressbar" for progress, with aria-valuemin/max/now/text kept current.
 */
export class MeterBar {
  readonly node: HTMLDivElement;
  readonly #fill: HTMLDivElement;
  readonly #secondary: HTMLDivElement;

  constructor(role: "meter" | "progressbar", label: string, attrs: Record<string, string> = {}) {
    this.#secondary = createElement("div", { className: "jp-Discernus-bar-secondary" });
    this.#fill = createElement("div", { className: "jp-Discernus-bar-fill" });
    this.node = createElement(
      "div",
      {
        className: "jp-Discernus-bar",
        attrs: {
          role,
          "aria-label": label,
          "aria-valuemin": "0",
          "aria-valuemax": "100",
          "aria-valuenow": "0",
          ...attrs,
        },
      },
      [this.#secondary, this.#fill],
    );
  }

  update(state: MeterState): void {
    const max = state.max > 0 ? state.max : 1;
    const fraction = Math.min(1, Math.max(0, state.value / max));
    setAttr(this.node, "aria-valuemax", max);
    setAttr(this.node, "aria-valuenow", state.value);
    setAttr(this.node, "aria-valuetext", state.valueText);
    setAttr(this.node, "data-level", state.level);
    setStyle(this.#fill, "width", `${(fraction * 100).toFixed(2)}%`);
    const secondary = Math.min(1, Math.max(0, state.secondary ?? 0));
    setStyle(this.#secondary, "width", `${(secondary * 100).toFixed(2)}%`);
  }

  setLabel(label: string): void {
    setAttr(this.node, "aria-label", label);
  }
}
