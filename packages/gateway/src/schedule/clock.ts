/** Time, injected so that rate-limit and retry logic can be tested with a fake clock. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
