/**
 * Lets the page handle input and paint before a long job continues: reading a 10,000-record ledger
 * in one go would freeze the lab for seconds.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
