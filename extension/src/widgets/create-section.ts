import { createElement } from "./create-element.js";

/** A titled region of the panel: a <section> labelled by its <h3>, for screen-reader navigation. */
export function createSection(id: string, title: string, className: string): HTMLElement {
  const headingId = `discernus-${id}-heading`;
  return createElement(
    "section",
    { className: `jp-Discernus-section ${className}`, attrs: { "aria-labelledby": headingId } },
    [createElement("h3", { className: "jp-Discernus-heading", text: title, attrs: { id: headingId } })],
  );
}
