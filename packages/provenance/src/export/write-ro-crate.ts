import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  readFileSync,
  statSync,
  copyFileSync,
  mkdirSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { canonicalJson } from "@discernus/gateway";
import { ledgerPathFor } from "../ledger-format.js";
import { verifyLedger } from "../verify-ledger.js";
import { NotebookNotFoundError } from "../notebook/notebook-errors.js";
import { readNotebook } from "../notebook/notebook-file.js";
import { crateLedgerFacts } from "./crate-ledger-facts.js";
import { CrateExistsError, CrateLedgerMissingError, CrateLedgerUnverifiedError } from "./crate-errors.js";
import { readLedgerRecords } from "./read-ledger-records.js";
import {
  RO_CRATE_METADATA_FILE,
  roCrateMetadata,
  type CrateFileFacts,
  type RoCrateInput,
  type RoCrateMetadata,
} from "./ro-crate.js";

export interface WriteRoCrateOptions {
  /** A folder for a self-contained crate: the notebook, ledger and framework files are copied there. */
  out?: string;
  license?: string;
  corpus?: RoCrateInput["corpus"];
  /**
   * Framework files to ship with the crate, with the hash the run records name them by when the
   * caller has loaded them (`frameworkHash` of the validated framework: a file saved before
   * validation filled its defaults hashes differently as it is).
   */
  frameworkFiles?: (string | { path: string; frameworkHash: string })[];
  /** Replace an existing ro-crate-metadata.json (and differing copies in `out`). */
  force?: boolean;
  /** ISO 8601; default now. */
  datePublished?: string;
}

export interface WrittenRoCrate {
  /** The ro-crate-metadata.json written. */
  path: string;
  metadata: RoCrateMetadata;
  /** Files copied into `out`. */
  copied: string[];
}

/**
 * Writes `ro-crate-metadata.json` for a notebook and its verified ledger, beside the notebook or
 * into `out`. Refuses (typed errors) when the ledger is missing or does not verify, and never
 * replaces an existing crate file unless `force`.
 */
export async function writeRoCrate(
  notebookPath: string,
  options: WriteRoCrateOptions = {},
): Promise<WrittenRoCrate> {
  if (!existsSync(notebookPath)) throw new NotebookNotFoundError(notebookPath);
  const ledgerPath = ledgerPathFor(notebookPath);
  if (!existsSync(ledgerPath)) {
    const metadata = (await readNotebook(notebookPath)).metadata.discernus as
      { provenance?: { embedded?: unknown } } | undefined;
    throw new CrateLedgerMissingError(notebookPath, ledgerPath, metadata?.provenance?.embedded !== undefined);
  }
  const verified = await verifyLedger(ledgerPath);
  if (verified.status !== "verified" || verified.head === undefined)
    throw new CrateLedgerUnverifiedError(ledgerPath, verified.status, verified.problem?.problem);

  const folder = resolve(options.out ?? dirname(notebookPath));
  const target = join(folder, RO_CRATE_METADATA_FILE);
  if (existsSync(target) && !options.force) throw new CrateExistsError(target);
  const frameworkPaths = (options.frameworkFiles ?? []).map((f) => (typeof f === "string" ? f : f.path));
  const sources = [notebookPath, ledgerPath, ...frameworkPaths];
  const copied: string[] = [];
  if (folder !== resolve(dirname(notebookPath)) || (options.frameworkFiles ?? []).length > 0) {
    mkdirSync(folder, { recursive: true });
    for (const source of sources) {
      const copy = join(folder, basename(source));
      if (resolve(source) === copy) continue;
      if (existsSync(copy) && !options.force && !sameBytes(source, copy)) throw new CrateExistsError(copy);
      copyFileSync(source, copy);
      copied.push(copy);
    }
  }

  const { header, records } = await readLedgerRecords(ledgerPath);
  const facts = await crateLedgerFacts(header, records);
  const frameworkFiles = await Promise.all(
    (options.frameworkFiles ?? []).map(async (file) => {
      const path = typeof file === "string" ? file : file.path;
      const hash = typeof file === "string" ? frameworkHashOf(path) : file.frameworkHash;
      return { ...(await fileFacts(path)), ...(hash ? { frameworkHash: hash } : {}) };
    }),
  );
  const metadata = roCrateMetadata({
    notebook: await fileFacts(notebookPath),
    ledger: {
      ...(await fileFacts(ledgerPath)),
      records: verified.records,
      head: verified.head,
      status: verified.status,
    },
    facts,
    frameworkFiles,
    datePublished: options.datePublished ?? new Date().toISOString(),
    ...(options.license ? { license: options.license } : {}),
    ...(options.corpus ? { corpus: options.corpus } : {}),
  });
  writeFileSync(target, `${JSON.stringify(metadata, null, 2)}\n`);
  return { path: target, metadata, copied };
}

/** Name, size and sha256, streamed: a ledger can be larger than memory should hold at once. */
async function fileFacts(path: string): Promise<CrateFileFacts> {
  const digest = createHash("sha256");
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return { name: basename(path), sha256: digest.digest("hex"), contentSize: statSync(path).size };
}

const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));

/**
 * The run records name a framework by the sha256 of its canonical JSON (frameworkHash in
 * @discernus/analysis); a file that is not JSON, or was saved before validation filled defaults,
 * simply ties to no run.
 */
function frameworkHashOf(path: string): string | undefined {
  try {
    return createHash("sha256")
      .update(canonicalJson(JSON.parse(readFileSync(path, "utf8")) as unknown))
      .digest("hex");
  } catch {
    return undefined;
  }
}
