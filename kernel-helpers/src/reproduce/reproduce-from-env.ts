/**
 * Set in a reproduction's kernel to the recorded ledger its session replays: session() then opens
 * in replay mode on the reproduction's own ledger, answering from that recorded one.
 */
export const REPRODUCE_FROM_ENV = "DISCERNUS_REPRODUCE_FROM";
