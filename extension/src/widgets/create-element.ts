export interface ElementOptions {
  className?: string;
  /** Set as textContent: data never goes through innerHTML. */
  text?: string;
  attrs?: Record<string, string>;
}

/** A DOM element with classes, text and attributes; children appended in order. */
export function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.appendChild(child);
  return node;
}
