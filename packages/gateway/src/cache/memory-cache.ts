import type { GatewayResponse } from "../types.js";
import type { ResponseCache } from "./response-cache.js";

/** An in-process cache, least recently used entries dropped past `maxEntries`. */
export class MemoryCache implements ResponseCache {
  readonly #entries = new Map<string, GatewayResponse>();
  readonly #maxEntries: number;

  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): GatewayResponse | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, response: GatewayResponse): void {
    this.#entries.delete(key);
    this.#entries.set(key, response);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
