import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { copyFile, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import {
  answerStorePathFor,
  LedgerNotFoundError,
  ledgerPathFor,
  notebookLedger,
  readLedgerLines,
  readNotebook,
  verifyNotebook,
  type NotebookVerification,
} from "@discernus/provenance";
import { findConfig } from "../session/find-config.js";
import { executeNotebook } from "../notebook-run/execute-notebook.js";
import { NotebookRunError } from "../notebook-run/notebook-run-error.js";
import { compareNotebookOutputs, foldersNamingNotebook, outputRunIds } from "./compare-notebook-outputs.js";
import type { Reproduction, ReproduceOptions } from "./reproduction.js";
import { reproductionStart } from "./reproduction-start.js";
import { REPRODUCE_FROM_ENV } from "./reproduce-from-env.js";

/**
 * The kernel's environment for a reproduction: no API key of any kind (a replay needs none, and
 * none can then be used), bound to the reproduction's copy of the notebook whatever the caller's
 * Jupyter server says, replaying the recorded ledger.
 */
function reproductionEnv(
  env: Record<string, string | undefined>,
  notebook: string,
  recordedLedger: string,
  keyNames: readonly string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env))
    if (!/(_KEY|_TOKEN|_SECRET)$/i.test(name) && !keyNames.includes(name)) out[name] = value;
  delete out.JPY_SESSION_NAME;
  out.DISCERNUS_NOTEBOOK = notebook;
  out[REPRODUCE_FROM_ENV] = recordedLedger;
  return out;
}

/** The env var names the notebook's config reads keys from. */
function configKeyNames(folder: string): string[] {
  try {
    const providers = (findConfig(folder).config.providers ?? {}) as Record<string, { apiKeyEnv?: unknown }>;
    return Object.values(providers)
      .map((p) => p.apiKeyEnv)
      .filter((v): v is string => typeof v === "string");
  } catch {
    return []; // an invalid config fails the notebook's own session() cell, which the report shows
  }
}

async function copyPrefix(from: string, to: string, bytes: number): Promise<void> {
  if (bytes === 0) return;
  const source = await open(from, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    await source.read(buffer, 0, bytes, 0);
    const target = await open(to, "wx");
    try {
      await target.writeFile(buffer);
      await target.sync();
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** What the reproduction's kernel did against its ledger: every answer replayed, none asked live. */
async function replayCounts(ledgerPath: string, afterRecords: number): Promise<Reproduction["calls"]> {
  const calls = { replayed: 0, fromLedger: 0, missing: 0, live: 0 };
  if (!existsSync(ledgerPath)) return calls;
  for await (const line of readLedgerLines(ledgerPath)) {
    if (line.lineNo <= afterRecords + 1) continue;
    const r = JSON.parse(line.text) as { type?: string; replayOf?: string; error?: { code?: string } };
    if (r.type === "cache_hit") calls.fromLedger++;
    else if (r.type === "call") {
      if (r.replayOf !== undefined) calls.replayed++;
      else if (r.error?.code === "replay_miss") calls.missing++;
      else calls.live++;
    }
  }
  return calls;
}

function verdictOf(verification: NotebookVerification): { status: "modified"; reason: string } | undefined {
  const failed = verification.checks.filter((c) => !c.ok);
  if (failed.length === 0) return undefined;
  return {
    status: "modified",
    reason: failed.map((c) => `${c.name}: ${c.detail}`).join("\n"),
  };
}

/**
 * Reproduces a notebook: verifies its ledger (the file beside it, or the copy embedded in it), then
 * executes it again in a scratch folder in replay mode (every model call answered from the ledger,
 * no key, no provider, $0), starting from the ledger as it stood when the stored outputs were made,
 * and compares every output with the stored one. Nothing beside the notebook is written.
 */
export async function reproduceNotebook(options: ReproduceOptions): Promise<Reproduction> {
  const started = Date.now();
  const notebookPath = resolve(options.notebook);
  if (!/\.ipynb$/i.test(notebookPath))
    throw new NotebookRunError(`reproduce: ${options.notebook} is not a notebook (.ipynb).`);
  const notebook = await readNotebook(notebookPath);
  const name = basename(notebookPath);
  const base = {
    notebook: notebookPath,
    cells: [],
    calls: { replayed: 0, fromLedger: 0, missing: 0, live: 0 },
    wallMs: 0,
  };

  let verification: NotebookVerification;
  try {
    verification = await verifyNotebook(notebookPath);
  } catch (err) {
    if (err instanceof LedgerNotFoundError)
      return { ...base, status: "unverifiable", reason: err.message, wallMs: Date.now() - started };
    throw err;
  }
  const ledgerFacts = {
    source: verification.ledgerSource,
    records: verification.ledger.records,
    ...(verification.ledger.head ? { head: verification.ledger.head } : {}),
    checks: verification.checks,
  };
  const modified = verdictOf(verification);
  if (modified) return { ...base, ...modified, ledger: ledgerFacts, wallMs: Date.now() - started };

  const scratch = options.out ? resolve(options.out) : mkdtempSync(join(tmpdir(), "discernus-reproduce-"));
  if (options.out) {
    mkdirSync(scratch, { recursive: true });
    if (readdirSync(scratch).length > 0)
      throw new NotebookRunError(
        `reproduce: ${scratch} is not empty; name a new or empty folder for the reproduction (--out).`,
      );
  }
  const source = notebookLedger(notebookPath, notebook);
  try {
    const storedRuns = outputRunIds(notebook);
    const start = await reproductionStart(source.ledgerPath, storedRuns);
    const besideStore = answerStorePathFor(ledgerPathFor(notebookPath));
    if (start.hashOnlyAnswers > 0 && !existsSync(besideStore))
      return {
        ...base,
        status: "unverifiable",
        reason: `the ledger keeps only hashes of ${start.hashOnlyAnswers} answers (store "hash") and their answer store (${basename(besideStore)}) is not beside the notebook: a replay needs the answers themselves`,
        ledger: ledgerFacts,
        wallMs: Date.now() - started,
      };

    const copy = join(scratch, name);
    copyFileSync(notebookPath, copy);
    const recordedDir = join(scratch, "recorded");
    mkdirSync(recordedDir);
    const recorded = join(recordedDir, basename(ledgerPathFor(name)));
    await copyFile(source.ledgerPath, recorded);
    if (existsSync(besideStore)) await copyFile(besideStore, answerStorePathFor(recorded));
    const own = ledgerPathFor(copy);
    await copyPrefix(source.ledgerPath, own, start.prefixBytes);

    const folder = dirname(notebookPath);
    const executed = await executeNotebook({
      source: copy,
      output: copy,
      workdir: folder,
      timeoutS: options.timeoutS ?? 1800,
      env: reproductionEnv(options.env ?? process.env, copy, recorded, configKeyNames(folder)),
      ...(options.onCell ? { onCell: options.onCell } : {}),
    });
    if (executed.status !== 0 && !executed.failure)
      throw new NotebookRunError(
        `reproduce: the notebook could not be executed: ${executed.stderr.trim().split("\n").slice(-5).join(" ")}`,
      );
    const reproduced = await readNotebook(copy);
    const storedFolders = [
      ...(start.headerNotebook ? [dirname(start.headerNotebook)] : []),
      ...(start.sessionFolder ? [start.sessionFolder] : []),
      ...foldersNamingNotebook(notebook, name),
    ];
    const cells = compareNotebookOutputs(notebook, reproduced, {
      storedFolders,
      reproducedFolders: [scratch, folder],
      ...(executed.failure ? { failure: executed.failure } : {}),
    });
    const calls = await replayCounts(own, start.prefixRecords);
    const differing = cells.filter((c) => c.status !== "identical");
    return {
      ...base,
      status: differing.length === 0 ? "identical" : "differs",
      reason:
        differing.length === 0
          ? `every output of ${cells.length} code cells is identical`
          : `${differing.length} of ${cells.length} code cells differ: ${differing.map((c) => c.cell).join(", ")}`,
      ledger: ledgerFacts,
      startedFrom: start.prefixRecords,
      cells,
      calls,
      ...(options.out ? { output: copy } : {}),
      wallMs: Date.now() - started,
    };
  } finally {
    source.dispose();
    if (!options.out) rmSync(scratch, { recursive: true, force: true });
  }
}
