import { createElement } from "./create-element.js";
import { setText } from "./patch-dom.js";

/** A list of lines of text, updated in place by position: a line that did not change is not touched. */
export class TextList {
  readonly node: HTMLElement;

  constructor(node: HTMLElement) {
    this.node = node;
  }

  update(lines: readonly string[]): void {
    const items = this.node.children;
    lines.forEach((line, i) => {
      const item = items[i] as HTMLElement | undefined;
      if (item) setText(item, line);
      else this.node.appendChild(createElement("li", { text: line }));
    });
    while (items.length > lines.length) items[items.length - 1]!.remove();
  }
}
