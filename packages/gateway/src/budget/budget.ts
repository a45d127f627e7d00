import { BudgetExceededError, ConfigInvalidError } from "../errors.js";

export interface BudgetState {
  capNanoUsd: number | null;
  spentNanoUsd: number;
  reservedNanoUsd: number;
  remainingNanoUsd: number | null;
  inFlight: number;
  /** What calls cost beyond their reservation (should stay 0; shown, never hidden). */
  overrunNanoUsd: number;
}

/**
 * A spending cap that holds under any concurrency: each call reserves its worst case before it is
 * sent (check and reserve happen in one synchronous step, so no interleaving can pass the cap) and
 * settles on its real cost afterwards. Amounts are integer nano-dollars.
 */
export class Budget {
  readonly #cap: number | null;
  #spent = 0;
  #reserved = 0;
  #overrun = 0;
  readonly #reservations = new Map<string, number>();

  constructor(capNanoUsd: number | null) {
    if (capNanoUsd !== null && !(Number.isFinite(capNanoUsd) && capNanoUsd >= 0)) {
      throw new ConfigInvalidError(
        "budget.capUsd",
        `must be a number of dollars of 0 or more, got ${String(capNanoUsd === null ? capNanoUsd : capNanoUsd / 1e9)}. Set e.g. "budget": { "capUsd": 5 }, or remove it for no cap.`,
      );
    }
    this.#cap = capNanoUsd;
  }

  reserve(callId: string, worstCaseNanoUsd: number): void {
    if (this.#cap !== null && this.#spent + this.#reserved + worstCaseNanoUsd > this.#cap) {
      throw new BudgetExceededError({
        capNanoUsd: this.#cap,
        spentNanoUsd: this.#spent,
        reservedNanoUsd: this.#reserved,
        requestedNanoUsd: worstCaseNanoUsd,
      });
    }
    this.release(callId);
    this.#reservations.set(callId, worstCaseNanoUsd);
    this.#reserved += worstCaseNanoUsd;
  }

  settle(callId: string, actualNanoUsd: number): void {
    const reserved = this.#reservations.get(callId) ?? 0;
    this.release(callId);
    this.#spent += actualNanoUsd;
    if (actualNanoUsd > reserved) this.#overrun += actualNanoUsd - reserved;
  }

  release(callId: string): void {
    const reserved = this.#reservations.get(callId);
    if (reserved === undefined) return;
    this.#reservations.delete(callId);
    this.#reserved -= reserved;
  }

  state(): BudgetState {
    return {
      capNanoUsd: this.#cap,
      spentNanoUsd: this.#spent,
      reservedNanoUsd: this.#reserved,
      remainingNanoUsd: this.#cap === null ? null : this.#cap - this.#spent - this.#reserved,
      inFlight: this.#reservations.size,
      overrunNanoUsd: this.#overrun,
    };
  }
}
