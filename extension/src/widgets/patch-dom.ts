/**
 * Updates that touch the DOM only when the value changed: the panel redraws up to once a frame
 * while a study runs, and unchanged nodes must cost nothing (no layout, no screen-reader chatter).
 */

export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets an attribute, or removes it when `value` is undefined. */
export function setAttr(node: Element, name: string, value: string | number | undefined): void {
  if (value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
    return;
  }
  const text = String(value);
  if (node.getAttribute(name) !== text) node.setAttribute(name, text);
}

export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/** Sets an inline style property (a bar's width). */
export function setStyle(node: HTMLElement, property: string, value: string): void {
  if (node.style.getPropertyValue(property) !== value) node.style.setProperty(property, value);
}
