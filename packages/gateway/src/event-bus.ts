import type { GatewayEvent } from "./types.js";

export type GatewayListener = (event: GatewayEvent) => void;

/**
 * Delivers gateway events synchronously, in order. A listener that throws is reported on stderr
 * and dropped from nothing else: one broken consumer (a sidebar, a ledger) must not fail the call.
 */
export class EventBus {
  readonly #listeners = new Set<GatewayListener>();

  on(listener: GatewayListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  emit(event: GatewayEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error(`discernus: an event listener threw on "${event.type}":`, err);
      }
    }
  }
}
