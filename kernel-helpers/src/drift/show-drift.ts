import { formatUsd } from "@discernus/gateway";
import { DRIFT_VERDICT_RULE } from "./agreement-drift.js";
import { driftMetadata, driftOutputs } from "./drift-outputs.js";
import type { DriftOptions } from "./drift-options.js";
import { driftStudy, type DriftContext } from "./drift-study.js";
import type { Drift } from "./drift.js";

const REPLAY_SKIP =
  "this session replays the ledger and asks no provider, and a drift check asks them live: open the session live to check drift";

/** What a replay's dx.drift() returns: nothing asked, nothing compared, and why. */
function skippedDrift(of: string): Drift {
  const zero = formatUsd(0);
  return {
    of,
    run: undefined,
    dryRun: true,
    estimate: {
      of,
      items: 0,
      calls: 0,
      models: [],
      worstCaseNanoUsd: 0,
      expectedNanoUsd: 0,
      worstCase: zero,
      expected: zero,
    },
    items: [],
    rows: [],
    agreement: [],
    rule: DRIFT_VERDICT_RULE,
    totals: { calls: 0, failed: 0, costNanoUsd: 0, cost: zero },
    drifted: [],
    chart: undefined,
    skipped: REPLAY_SKIP,
  };
}

/**
 * dx.drift(): the drift check, then its table and chart in the cell (a dry run shows only the
 * estimate). In a replay (a reproduction of the notebook, say) it says why it checks nothing instead
 * of failing the cell: the rest of the notebook still replays.
 */
export async function showDrift(ctx: DriftContext, options: DriftOptions = {}): Promise<Drift> {
  if (ctx.gateway.mode === "replay") {
    const skipped = skippedDrift(options.run ?? "");
    ctx.display.show({
      data: { "text/plain": `drift check skipped: ${REPLAY_SKIP}.` },
      metadata: driftMetadata(undefined, skipped.of),
    });
    return skipped;
  }
  const drift = await driftStudy(ctx, options);
  if (!drift.dryRun) for (const output of driftOutputs(drift)) ctx.display.show(output);
  return drift;
}
