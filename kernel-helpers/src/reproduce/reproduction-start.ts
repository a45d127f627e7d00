import { readLedgerLines } from "@discernus/provenance";

/** Where a reproduction starts in the recorded ledger, and what the ledger says about replaying it. */
export interface ReproductionStart {
  /** Bytes of the ledger before the session that made the stored outputs: the reproduction's own ledger starts as these. */
  prefixBytes: number;
  /** Records in that prefix (the header not counted). */
  prefixRecords: number;
  /** The seq of the session record the reproduction stands in for; undefined when the ledger has none. */
  sessionSeq?: number;
  /** Absolute path of the notebook as the ledger's header names it (where it was first executed). */
  headerNotebook?: string;
  /** The kernel's working folder in that session, as its record names it. */
  sessionFolder?: string;
  /** Answered call records that keep only hashes (store "hash"): a replay cannot serve their answers. */
  hashOnlyAnswers: number;
}

interface LineFacts {
  seq?: number;
  type?: string;
  run?: string;
  phase?: string;
  store?: string;
  outcome?: string;
  notebook?: string;
  folder?: string;
}

/**
 * The point of the ledger a reproduction starts from: just before the session that produced the
 * stored outputs, which is the last session opened before the first run those outputs name (or the
 * ledger's last session when they name none). The reproduction then sees the ledger the original
 * execution saw (what was already answered, what the budget had spent), so its outputs can match.
 */
export async function reproductionStart(
  ledgerPath: string,
  outputRuns: readonly string[],
): Promise<ReproductionStart> {
  const wanted = new Set(outputRuns);
  const sessions: { seq: number; offset: number; folder?: string }[] = [];
  let firstRunSeq: number | undefined;
  let headerNotebook: string | undefined;
  let hashOnlyAnswers = 0;
  for await (const line of readLedgerLines(ledgerPath)) {
    let facts: LineFacts;
    try {
      facts = JSON.parse(line.text) as LineFacts;
    } catch {
      continue; // verification has already named it
    }
    if (line.lineNo === 1) {
      headerNotebook = facts.notebook;
      continue;
    }
    if (facts.type === "session" && facts.seq !== undefined)
      sessions.push({
        seq: facts.seq,
        offset: line.offset,
        ...(facts.folder !== undefined ? { folder: facts.folder } : {}),
      });
    if (facts.type === "call" && facts.store === "hash" && facts.outcome === "ok") hashOnlyAnswers++;
    if (
      firstRunSeq === undefined &&
      facts.type === "run" &&
      facts.phase === "start" &&
      facts.run !== undefined &&
      wanted.has(facts.run)
    )
      firstRunSeq = facts.seq;
  }
  const candidates =
    firstRunSeq === undefined ? sessions : sessions.filter((s) => s.seq < (firstRunSeq as number));
  const session = candidates[candidates.length - 1];
  return {
    prefixBytes: session?.offset ?? 0,
    prefixRecords: session ? session.seq - 1 : 0,
    ...(session ? { sessionSeq: session.seq } : {}),
    ...(session?.folder !== undefined ? { sessionFolder: session.folder } : {}),
    ...(headerNotebook !== undefined ? { headerNotebook } : {}),
    hashOnlyAnswers,
  };
}
