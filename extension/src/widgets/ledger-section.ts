import type { TranslationBundle } from "@jupyterlab/translation";
import type { RunRowView, SidebarView } from "../model/sidebar-view.js";
import { CommandIds } from "../commands/command-ids.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";
import { TextList } from "./text-list.js";

function runRow(): KeyedRow<RunRowView> {
  const title = createElement("div", { className: "jp-Discernus-run-title" });
  const detail = createElement("div", { className: "jp-Discernus-detail" });
  const node = createElement("li", {}, [title, detail]);
  return {
    node,
    update(r) {
      setAttr(node, "data-run", r.run);
      setAttr(node, "data-state", r.state);
      setText(title, r.title);
      setText(detail, r.detail);
    },
  };
}

/** The ledger: its verdict, the commands (verify, embed, open), the runs it holds, its totals. */
export class LedgerSection {
  readonly node: HTMLElement;
  readonly #path: HTMLElement;
  readonly #status: HTMLElement;
  readonly #notice: HTMLElement;
  readonly #embed: HTMLButtonElement;
  readonly #runs: KeyedList<RunRowView>;
  readonly #runsBox: HTMLElement;
  readonly #totals: TextList;

  constructor(trans: TranslationBundle, run: (command: string) => void) {
    this.node = createSection("ledger", trans.__("Ledger"), "jp-Discernus-ledger");
    this.#path = createElement("div", { className: "jp-Discernus-path" });
    this.#status = createElement("p", {
      className: "jp-Discernus-status",
      attrs: { role: "status", "data-testid": "discernus-ledger-status" },
    });
    this.#notice = createElement("p", { className: "jp-Discernus-notice", attrs: { role: "status" } });
    const button = (command: string, text: string, label: string) => {
      const node = createElement("button", {
        className: "jp-Discernus-button",
        text,
        attrs: { type: "button", "aria-label": label, "data-command": command },
      });
      node.addEventListener("click", () => run(command));
      return node;
    };
    this.#embed = button(
      CommandIds.embedProvenance,
      trans.__("Embed"),
      trans.__("Embed the ledger into the notebook and save it"),
    );
    const buttons = createElement("div", { className: "jp-Discernus-buttons" }, [
      button(CommandIds.verifyLedger, trans.__("Verify"), trans.__("Verify the ledger")),
      this.#embed,
      button(CommandIds.openLedger, trans.__("Open"), trans.__("Open the ledger file")),
    ]);
    const runs = createElement("ol", {
      className: "jp-Discernus-runs",
      attrs: { "data-testid": "discernus-runs" },
    });
    this.#runs = new KeyedList<RunRowView>(runs, (r) => r.run, runRow);
    this.#runsBox = createElement("details", { className: "jp-Discernus-details", attrs: { open: "" } }, [
      createElement("summary", { text: trans.__("Runs, newest first") }),
      runs,
    ]);
    const totals = createElement("ul", {
      className: "jp-Discernus-facts",
      attrs: { "data-testid": "discernus-totals" },
    });
    this.#totals = new TextList(totals);
    this.node.append(this.#path, this.#status, this.#notice, buttons, this.#runsBox, totals);
  }

  update(view: SidebarView): void {
    const ledger = view.ledger;
    setText(this.#path, ledger.path);
    setText(this.#status, ledger.statusText);
    setAttr(this.#status, "data-status", ledger.status);
    setText(this.#notice, ledger.notice?.text ?? "");
    setAttr(this.#notice, "data-level", ledger.notice?.level);
    setHidden(this.#notice, ledger.notice === undefined);
    this.#embed.disabled = !ledger.canEmbed;
    this.#runs.update(ledger.runs);
    setHidden(this.#runsBox, ledger.runs.length === 0);
    this.#totals.update(ledger.totals);
  }
}
