/**
 * Publishes at most once per `intervalMs` while things change, and always once at the end, so a
 * cell with 10,000 calls sends a few updates a second rather than 10,000 (each is an iopub message
 * the browser renders).
 */
export class ThrottledPublisher {
  readonly #publish: () => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #lastAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  published = 0;

  constructor(publish: () => void, intervalMs = 250, now: () => number = Date.now) {
    this.#publish = publish;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Something changed: publish now if the interval has passed, else once when it has. */
  poke(): void {
    if (this.#timer) return;
    const wait = this.#lastAt + this.#intervalMs - this.#now();
    if (wait <= 0) this.#send();
    else this.#timer = setTimeout(() => this.#send(), wait);
  }

  /** The final state, published at once whatever the interval. */
  final(): void {
    this.#send();
  }

  #send(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastAt = this.#now();
    this.published++;
    this.#publish();
  }
}
