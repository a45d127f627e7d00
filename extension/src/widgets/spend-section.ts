import type { TranslationBundle } from "@jupyterlab/translation";
import type { MoneyView, SidebarView, SpendLineView } from "../model/sidebar-view.js";
import { createElement } from "./create-element.js";
import { createSection } from "./create-section.js";
import { KeyedList, type KeyedRow } from "./keyed-list.js";
import { MeterBar } from "./meter-bar.js";
import { setAttr, setHidden, setText } from "./patch-dom.js";

function spendRow(): KeyedRow<SpendLineView> {
  const name = createElement("td", { className: "jp-Discernus-spend-key" });
  const cost = createElement("td", { className: "jp-Discernus-money" });
  const detail = createElement("td", { className: "jp-Discernus-detail" });
  const node = createElement("tr", {}, [name, cost, detail]);
  return {
    node,
    update(l) {
      setText(name, l.key);
      setText(cost, l.costText);
      setAttr(cost, "data-nano-usd", l.nanoUsd);
      setText(detail, l.detail);
    },
  };
}

function spendTable(trans: TranslationBundle, caption: string, keyHeader: string) {
  const body = createElement("tbody");
  const table = createElement("table", { className: "jp-Discernus-table" }, [
    createElement("caption", { className: "jp-Discernus-visually-hidden", text: caption }),
    createElement("thead", {}, [
      createElement("tr", {}, [
        createElement("th", { text: keyHeader, attrs: { scope: "col" } }),
        createElement("th", { text: trans.__("Cost"), attrs: { scope: "col" } }),
        createElement("th", { text: trans.__("Calls"), attrs: { scope: "col" } }),
      ]),
    ]),
    body,
  ]);
  const details = createElement("details", { className: "jp-Discernus-details" }, [
    createElement("summary", { text: caption }),
    table,
  ]);
  return { details, list: new KeyedList<SpendLineView>(body, (l) => l.key, spendRow) };
}

/** Spend of the run, the notebook and the project; the budget bar; spend by model and provider. */
export class SpendSection {
  readonly node: HTMLElement;
  readonly #figures: Record<"run" | "notebook" | "project", HTMLElement>;
  readonly #bar: MeterBar;
  readonly #budgetText: HTMLElement;
  readonly #warning: HTMLElement;
  readonly #stopped: HTMLElement;
  readonly #byModel: ReturnType<typeof spendTable>;
  readonly #byProvider: ReturnType<typeof spendTable>;

  constructor(trans: TranslationBundle) {
    this.node = createSection("spend", trans.__("Spend"), "jp-Discernus-spend");
    const figure = (key: "run" | "notebook" | "project", label: string) => {
      const value = createElement("dd", {
        className: "jp-Discernus-money",
        attrs: { "data-testid": `discernus-spend-${key}` },
      });
      return { value, row: createElement("div", {}, [createElement("dt", { text: label }), value]) };
    };
    const run = figure("run", trans.__("This run"));
    const notebook = figure("notebook", trans.__("This notebook"));
    const project = figure("project", trans.__("Project"));
    this.#figures = { run: run.value, notebook: notebook.value, project: project.value };
    this.node.appendChild(
      createElement("dl", { className: "jp-Discernus-figures" }, [run.row, notebook.row, project.row]),
    );

    const budgetLabelId = "discernus-budget-label";
    this.#bar = new MeterBar("meter", trans.__("Budget used"), {
      "data-testid": "discernus-budget-bar",
      "aria-describedby": budgetLabelId,
    });
    this.#budgetText = createElement("div", {
      className: "jp-Discernus-detail",
      attrs: { id: budgetLabelId },
    });
    this.#warning = createElement("div", { className: "jp-Discernus-warning" });
    // An alert: the cap stopping work is announced as soon as it happens.
    this.#stopped = createElement("div", {
      className: "jp-Discernus-stopped",
      attrs: { role: "alert", "data-testid": "discernus-budget-stopped" },
    });
    this.node.appendChild(
      createElement("div", { className: "jp-Discernus-budget" }, [
        createElement("div", { className: "jp-Discernus-label", text: trans.__("Budget") }),
        this.#bar.node,
        this.#budgetText,
        this.#warning,
        this.#stopped,
      ]),
    );
    this.#byModel = spendTable(trans, trans.__("By model"), trans.__("Model"));
    this.#byProvider = spendTable(trans, trans.__("By provider"), trans.__("Provider"));
    this.node.append(this.#byModel.details, this.#byProvider.details);
  }

  update(view: SidebarView): void {
    const { spend, budget } = view;
    const show = (node: HTMLElement, money: MoneyView) => {
      setText(node, money.text);
      setAttr(node, "data-nano-usd", money.nanoUsd === null ? undefined : money.nanoUsd);
      setAttr(node, "title", money.title);
    };
    show(this.#figures.run, spend.run);
    show(this.#figures.notebook, spend.notebook);
    show(this.#figures.project, spend.project);
    this.#bar.update({
      value: budget.percent,
      max: 100,
      valueText: budget.text,
      level: budget.level,
      secondary: budget.committedPercent / 100,
    });
    setAttr(this.#bar.node, "data-spent-nano-usd", budget.spentNanoUsd);
    setAttr(this.#bar.node, "data-cap-nano-usd", budget.capNanoUsd === null ? undefined : budget.capNanoUsd);
    setText(this.#budgetText, budget.text);
    setText(this.#warning, budget.warning);
    setHidden(this.#warning, budget.warning === "");
    setText(this.#stopped, budget.stopped);
    this.#byModel.list.update(spend.byModel);
    this.#byProvider.list.update(spend.byProvider);
    setHidden(this.#byModel.details, spend.byModel.length === 0);
    setHidden(this.#byProvider.details, spend.byProvider.length === 0);
  }
}
