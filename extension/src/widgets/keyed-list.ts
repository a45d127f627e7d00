/** A row of a KeyedList: its node, and how to bring it up to date. */
export interface KeyedRow<T> {
  readonly node: HTMLElement;
  update(item: T): void;
}

/**
 * A list of DOM rows kept in step with an array of items by key: rows are created once, updated
 * in place, moved only when out of order and removed when their item goes. A list of 200 calls
 * redrawn four times a second does not rebuild 200 rows.
 */
export class KeyedList<T> {
  readonly #container: HTMLElement;
  readonly #key: (item: T) => string;
  readonly #create: (item: T) => KeyedRow<T>;
  #rows = new Map<string, KeyedRow<T>>();

  constructor(container: HTMLElement, key: (item: T) => string, create: (item: T) => KeyedRow<T>) {
    this.#container = container;
    this.#key = key;
    this.#create = create;
  }

  get size(): number {
    return this.#rows.size;
  }

  update(items: readonly T[]): void {
    const next = new Map<string, KeyedRow<T>>();
    let cursor: ChildNode | null = this.#container.firstChild;
    for (const item of items) {
      const key = this.#key(item);
      if (next.has(key)) continue;
      let row = this.#rows.get(key);
      if (!row) row = this.#create(item);
      row.update(item);
      next.set(key, row);
      if (row.node === cursor) cursor = cursor.nextSibling;
      else this.#container.insertBefore(row.node, cursor);
    }
    for (const [key, row] of this.#rows) if (!next.has(key)) row.node.remove();
    this.#rows = next;
  }
}
