import type { GatewayResponse } from "../types.js";

/**
 * Where answers are kept so a re-run never pays twice. The ledger implements this (next issue);
 * MemoryCache serves a single process.
 */
export interface ResponseCache {
  get(key: string): GatewayResponse | undefined | Promise<GatewayResponse | undefined>;
  set(key: string, response: GatewayResponse): void | Promise<void>;
}
