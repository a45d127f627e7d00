import { BudgetExceededError, ConfigInvalidError } from "../errors.js";

export interface BudgetState {
  /** null: no cap. */
  capNanoUsd: number | null;
  spentNanoUsd: number;
  /** Worst cases of the calls in flight. */
  reservedNanoUsd: number;
  /** cap - spent - reserved, never below 0; null without a cap. */
  remainingNanoUsd: number | null;
  /** Calls holding a reservation. */
  inFlight: number;
  /** What calls cost beyond their reservation. Should stay 0; shown, never hidden. */
  overrunNanoUsd: number;
}

function assertAmount(nanoUsd: number, what: string): void {
  if (!(Number.isFinite(nanoUsd) && nanoUsd >= 0)) {
    throw new RangeError(`${what} must be a finite number of nano-dollars, 0 or more; got ${nanoUsd}.`);
  }
}

/**
 * A spending cap that holds under any concurrency. Each call reserves its worst case before it is
 * sent, and check and reservation are one synchronous step: JavaScript runs it to the end before
 * any other callback, so no interleaving of concurrent calls can pass the cap. A call then settles
 * on its real cost, or releases its reservation if it failed before being billed. Amounts are
 * integer nano-dollars, so sums over 100,000 calls do not drift.
 */
export class Budget {
  readonly #cap: number | null;
  #spent = 0;
  #reserved = 0;
  #overrun = 0;
  readonly #reservations = new Map<string, number>();

  constructor(capNanoUsd: number | null) {
    if (capNanoUsd !== null && !(Number.isFinite(capNanoUsd) && capNanoUsd >= 0)) {
      const asUsd = Number.isNaN(capNanoUsd) ? "NaN" : String(capNanoUsd / 1e9);
      throw new ConfigInvalidError(
        "budget.capUsd",
        `must be a number of dollars, 0 or more, got ${asUsd}. Set e.g. "budget": { "capUsd": 5 }, or remove "budget" for no cap.`,
      );
    }
    this.#cap = capNanoUsd === null ? null : Math.floor(capNanoUsd);
  }

  /**
   * Reserves `worstCaseNanoUsd` for `callId`, or throws BudgetExceededError, changing nothing, when
   * spent + reserved + worst case would pass the cap. A second reservation for the same call
   * replaces its first (a fallback to a dearer model), and is checked as such.
   */
  reserve(callId: string, worstCaseNanoUsd: number): void {
    assertAmount(worstCaseNanoUsd, "A worst-case cost");
    // Amounts arrive whole from computeCost; a fraction is rounded up here, never down.
    worstCaseNanoUsd = Math.ceil(worstCaseNanoUsd);
    const replaced = this.#reservations.get(callId) ?? 0;
    const reservedOthers = this.#reserved - replaced;
    if (this.#cap !== null && this.#spent + reservedOthers + worstCaseNanoUsd > this.#cap) {
      throw new BudgetExceededError({
        capNanoUsd: this.#cap,
        spentNanoUsd: this.#spent,
        reservedNanoUsd: reservedOthers,
        requestedNanoUsd: worstCaseNanoUsd,
      });
    }
    this.#reservations.set(callId, worstCaseNanoUsd);
    this.#reserved = reservedOthers + worstCaseNanoUsd;
  }

  /**
   * Reserves `worstCaseNanoUsd` for `callId` without checking the cap: for spending already
   * committed (a provider batch submitted by an earlier session, whose items will be billed
   * whether or not this session allows it), so that what is left for new calls stays true.
   */
  hold(callId: string, worstCaseNanoUsd: number): void {
    assertAmount(worstCaseNanoUsd, "A worst-case cost");
    worstCaseNanoUsd = Math.ceil(worstCaseNanoUsd);
    this.#reserved += worstCaseNanoUsd - (this.#reservations.get(callId) ?? 0);
    this.#reservations.set(callId, worstCaseNanoUsd);
  }

  /**
   * Moves the call's reservation to spent at its real cost. A cost above the reservation (a price
   * changed, a provider billed more than max_tokens) is recorded in full and counted as overrun.
   */
  settle(callId: string, actualNanoUsd: number): void {
    assertAmount(actualNanoUsd, "A cost");
    actualNanoUsd = Math.round(actualNanoUsd);
    const reserved = this.#reservations.get(callId) ?? 0;
    this.release(callId);
    this.#spent += actualNanoUsd;
    if (actualNanoUsd > reserved) this.#overrun += actualNanoUsd - reserved;
  }

  /** Drops the call's reservation: it failed before anything was billed. Unknown ids are ignored. */
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
      remainingNanoUsd: this.#cap === null ? null : Math.max(0, this.#cap - this.#spent - this.#reserved),
      inFlight: this.#reservations.size,
      overrunNanoUsd: this.#overrun,
    };
  }
}
