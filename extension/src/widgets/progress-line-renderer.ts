import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { DEFAULT_SETTINGS } from "../model/discernus-settings.js";
import { MoneyFormatter } from "../model/money-formatter.js";
import { parseSnapshot } from "../model/parse-snapshot.js";
import { progressLine } from "../model/progress-line.js";
import { TELEMETRY_MIME } from "../model/telemetry-snapshot.js";
import { createElement } from "./create-element.js";
import { MeterBar } from "./meter-bar.js";
import { setAttr, setText } from "./patch-dom.js";

// A MIME renderer gets no settings: money is in dollars, as the kernel's own progress line.
const money = new MoneyFormatter(DEFAULT_SETTINGS);

/**
 * The compact progress line of a run, in the cell that runs it: a bar and one line of text,
 * redrawn in place as update_display_data replaces the snapshot.
 */
export class ProgressLineRenderer extends Widget implements IRenderMime.IRenderer {
  readonly #bar: MeterBar;
  readonly #text: HTMLElement;

  constructor() {
    super();
    this.addClass("jp-Discernus-progress-line");
    this.#bar = new MeterBar("progressbar", "Discernus run progress");
    this.#text = createElement("code", { className: "jp-Discernus-progress-text" });
    this.node.append(this.#bar.node, this.#text);
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const snapshot = parseSnapshot(model.data[TELEMETRY_MIME]);
    if (!snapshot) {
      setAttr(this.node, "data-state", "unreadable");
      setText(
        this.#text,
        "Discernus telemetry that this extension cannot read (from a newer or older kernel-helpers).",
      );
      return Promise.resolve();
    }
    const line = progressLine(snapshot, money);
    setAttr(this.node, "data-run", snapshot.run);
    setAttr(this.node, "data-state", snapshot.state);
    this.#bar.setLabel(`${snapshot.label || "analyze()"} progress`);
    this.#bar.update({ value: line.finished, max: line.total, valueText: line.text, level: snapshot.state });
    setText(this.#text, line.text);
    return Promise.resolve();
  }
}
