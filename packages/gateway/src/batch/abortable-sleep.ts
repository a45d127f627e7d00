import { AbortedError } from "../errors.js";

/** Waits `ms`, or rejects with AbortedError as soon as `signal` aborts (waiting on a batch). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new AbortedError("Waiting for the batch"));
      },
      { once: true },
    );
  });
}
