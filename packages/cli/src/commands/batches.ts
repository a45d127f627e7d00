import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { formatUsd, Gateway } from "@discernus/gateway";
import { collectBatch } from "@discernus/kernel-helpers";
import { indexLedger, ledgerPathFor, type LedgerBatch } from "@discernus/provenance";
import { textTable } from "../text-table.js";
import { openCommandLedger } from "./command-ledger.js";
import { UsageError } from "./ledger-input.js";

export interface BatchesOptions {
  /** Poll the batches in flight and record the results of those that have ended. */
  collect: boolean;
  /** With collect: keep polling until every batch has ended. */
  wait: boolean;
  pollIntervalMs: number;
  json: boolean;
  env?: Record<string, string | undefined>;
}

const when = (iso: string | undefined) => (iso ? iso.replace("T", " ").slice(0, 16) : "");

function describe(b: LedgerBatch) {
  return {
    batch: b.batch,
    provider: b.provider,
    ...(b.model ? { model: b.model } : {}),
    items: b.items,
    state: b.collected ? "collected" : (b.state ?? "submitted"),
    providerState: b.state ?? null,
    submittedAt: b.submittedAt,
    expiresAt: b.expiresAt ?? null,
    succeeded: b.counts?.succeeded ?? 0,
    errored: (b.counts?.errored ?? 0) + (b.counts?.expired ?? 0) + (b.counts?.cancelled ?? 0),
    answered: b.collected?.answered ?? null,
    failed: b.collected?.failed ?? null,
    costNanoUsd: b.collected?.costNanoUsd ?? null,
    run: b.run ?? null,
  };
}

function print(batches: readonly LedgerBatch[], ledgerPath: string, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ledger: ledgerPath, batches: batches.map(describe) }, null, 2));
    return;
  }
  if (batches.length === 0) {
    console.log(`${ledgerPath}: no batches recorded (analyze(..., { mode: "batch" }) submits them).`);
    return;
  }
  const rows = batches.map((b) => {
    const d = describe(b);
    return [
      d.batch,
      d.model ?? d.provider,
      String(d.items),
      d.state === "collected" && d.providerState !== "ended" ? `collected (${d.providerState})` : d.state,
      when(d.submittedAt),
      b.collected ? "" : when(d.expiresAt ?? undefined),
      b.collected ? `${d.answered} / ${d.failed}` : `${d.succeeded} / ${d.errored}`,
      d.costNanoUsd === null ? "" : formatUsd(d.costNanoUsd),
    ];
  });
  console.log(
    textTable(["batch", "model", "items", "state", "submitted", "expires", "ok / failed", "cost"], rows),
  );
  const inFlight = batches.filter((b) => !b.collected).length;
  console.log(
    inFlight === 0
      ? "Every batch is collected: re-running the cell answers from the ledger at no cost."
      : `${inFlight} batch(es) in flight: \`discernus batches <notebook> --collect\` records the results of those that have ended (re-running the cell does too, without submitting again).`,
  );
}

/**
 * `discernus batches <notebook> [--collect [--wait]] [--json]`: the notebook's provider batches as
 * its ledger records them; with --collect, polls those in flight (with the keys and config the
 * notebook uses) and records the results of those that have ended, as the kernel would.
 */
export async function batches(notebook: string | undefined, options: BatchesOptions): Promise<number> {
  if (notebook === undefined || !/\.ipynb$/i.test(notebook))
    throw new UsageError("discernus batches: name the notebook (.ipynb) whose batches to list or collect.");
  const ledgerPath = ledgerPathFor(resolve(notebook));
  if (!existsSync(ledgerPath))
    throw new UsageError(
      `discernus batches: ${ledgerPath}: no ledger beside the notebook. Run the notebook first, or extract its embedded ledger (discernus extract ${notebook}).`,
    );
  if (!options.collect) {
    const { index, report } = await indexLedger(ledgerPath);
    if (report.status !== "verified") {
      console.error(
        `discernus batches: ${ledgerPath} does not verify (${report.problem?.problem ?? report.status}); its batches are not listed.`,
      );
      return 1;
    }
    print(index.batches, ledgerPath, options.json);
    return 0;
  }

  const opened = await openCommandLedger(
    notebook,
    ledgerPath,
    "batches --collect",
    "it is the one to collect: re-run the analyze() cell there (it collects the batches in flight without submitting again), or shut that kernel down and run this again.",
  );
  if (!opened) return 1;
  const { ledger, gatewayConfig, configSource } = opened;
  try {
    const gateway = new Gateway({
      config: gatewayConfig,
      configSource,
      env: options.env ?? process.env,
      cache: false,
    });
    const inFlight = ledger.batches.filter((b) => !b.collected);
    let pending = 0;
    for (const batch of inFlight) {
      const result = await collectBatch(gateway, ledger, batch, {
        wait: options.wait,
        pollIntervalMs: options.pollIntervalMs,
        onStatus: (s) => {
          if (!options.json)
            console.error(
              `${batch.batch}: ${s.state}, ${s.counts.succeeded + s.counts.errored + s.counts.expired + s.counts.cancelled} of ${s.counts.total} done`,
            );
        },
      });
      if (result.pending) pending++;
    }
    print(ledger.batches, ledgerPath, options.json);
    return pending > 0 && options.wait ? 1 : 0;
  } finally {
    await ledger.close();
  }
}
