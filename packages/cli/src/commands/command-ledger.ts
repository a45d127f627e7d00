import { dirname, resolve } from "node:path";
import { findConfig } from "@discernus/kernel-helpers";
import { Ledger, LedgerLockedError } from "@discernus/provenance";

/** A notebook's ledger opened by a command that records into it, with the config found above the notebook. */
export interface CommandLedger {
  ledger: Ledger;
  /** The config without `store` (a ledger option): what a Gateway takes. */
  gatewayConfig: Record<string, unknown>;
  configSource: string;
}

/**
 * Opens the ledger as a kernel would (its config's store mode, a session record naming the
 * command). One writer at a time: when a kernel holds the ledger, prints `whenLocked` (which says
 * what to do instead) and returns undefined.
 */
export async function openCommandLedger(
  notebook: string,
  ledgerPath: string,
  command: string,
  whenLocked: string,
): Promise<CommandLedger | undefined> {
  const { config, source } = findConfig(dirname(resolve(notebook)));
  const { store, ...gatewayConfig } = config as Record<string, unknown> & { store?: "full" | "hash" };
  try {
    const ledger = await Ledger.open(ledgerPath, {
      notebook: resolve(notebook),
      ...(store ? { store } : {}),
      boundBy: `discernus ${command}`,
      tools: { "@discernus/cli": "0.1.0", node: process.version },
    });
    return { ledger, gatewayConfig, configSource: source };
  } catch (err) {
    if (!(err instanceof LedgerLockedError)) throw err;
    console.error(
      `discernus ${command.split(" ")[0]!}: a kernel has ${notebook}'s ledger open: ${whenLocked}`,
    );
    return undefined;
  }
}
