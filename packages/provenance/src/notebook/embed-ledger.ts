import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { LedgerCorruptError } from "../ledger-errors.js";
import { LEDGER_FORMAT, ledgerPathFor } from "../ledger-format.js";
import { sha256Hex } from "../sha256-hex.js";
import { readLedgerLines } from "../read/ledger-lines.js";
import { LedgerNotebookMismatchError, LedgerNotFoundError } from "./notebook-errors.js";
import { readNotebook, writeNotebook, type Notebook } from "./notebook-file.js";

/** The ledger itself, inside the notebook. `sha256` and `bytes` describe the raw ledger, before gzip. */
export interface EmbeddedLedger {
  encoding: "gzip+base64";
  sha256: string;
  bytes: number;
  data: string;
}

/** What the caller knows of the ledger (from verifyLedger and the run totals). */
export interface LedgerSummary {
  records: number;
  head: string;
  totals: Record<string, unknown>;
}

/** `metadata.discernus.provenance` of a notebook. */
export interface ProvenanceMetadata extends LedgerSummary {
  /** The ledger's file name, beside the notebook. */
  ledger: string;
  embedded?: EmbeddedLedger;
}

export function encodeLedger(bytes: Uint8Array): EmbeddedLedger {
  return {
    encoding: "gzip+base64",
    sha256: sha256Hex(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    bytes: bytes.byteLength,
    // Node's gzip header carries no file name and a zero mtime: equal ledgers embed to equal text,
    // so re-embedding an unchanged ledger leaves no diff in version control.
    data: gzipSync(bytes).toString("base64"),
  };
}

/**
 * The notebook with `metadata.discernus.provenance` set to `provenance`, replacing what was there
 * (so embedding twice leaves one copy); other `metadata.discernus` keys are kept. The input is not changed.
 */
export function withProvenance(notebook: Notebook, provenance: ProvenanceMetadata): Notebook {
  const previous = notebook.metadata.discernus;
  const discernus =
    previous !== null && typeof previous === "object" && !Array.isArray(previous) ? previous : {};
  return {
    ...notebook,
    metadata: { ...notebook.metadata, discernus: { ...discernus, provenance } },
  };
}

/** The notebook a ledger header line names; a line that is no Discernus header is corruption. */
function headerNotebook(line: string | undefined, ledgerPath: string): string {
  if (line === undefined) throw new LedgerCorruptError(ledgerPath, 1, "the file is empty: no header");
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw new LedgerCorruptError(ledgerPath, 1, "the header is not JSON");
  }
  const { format, notebook } = (header ?? {}) as { format?: unknown; notebook?: unknown };
  if (format !== LEDGER_FORMAT || typeof notebook !== "string")
    throw new LedgerCorruptError(ledgerPath, 1, "the first line is not a Discernus ledger header");
  return notebook;
}

async function firstLine(path: string): Promise<string | undefined> {
  for await (const line of readLedgerLines(path)) return line.text;
  return undefined;
}

export interface EmbedLedgerOptions {
  /** Defaults to the ledger beside the notebook (`ledgerPathFor`). */
  ledgerPath?: string;
  summary: LedgerSummary;
  /** false: write only the summary (file name, records, head, totals), not the ledger itself. */
  includeLedger?: boolean;
}

/**
 * Writes the ledger's summary and (by default) the ledger itself into the notebook's metadata, and
 * returns what was written. Refuses a ledger whose header names another notebook.
 */
export async function embedLedger(
  notebookPath: string,
  options: EmbedLedgerOptions,
): Promise<ProvenanceMetadata> {
  const { summary, includeLedger = true } = options;
  const ledgerPath = resolve(options.ledgerPath ?? ledgerPathFor(notebookPath));
  const notebook = await readNotebook(notebookPath);
  if (!existsSync(ledgerPath))
    throw new LedgerNotFoundError(
      ledgerPath,
      "run the notebook with Discernus first (it writes the ledger beside the notebook), or pass ledgerPath",
    );

  let embedded: EmbeddedLedger | undefined;
  let header: string | undefined;
  if (includeLedger) {
    const raw = await readFile(ledgerPath);
    // Only complete lines: a kernel may be appending right now, and a partial last line is not a
    // record yet (the writer finishes it or moves it aside).
    const complete = raw.subarray(0, raw.lastIndexOf(0x0a) + 1);
    const nl = complete.indexOf(0x0a);
    header = nl < 0 ? undefined : complete.toString("utf8", 0, nl);
    embedded = encodeLedger(complete);
  } else {
    header = await firstLine(ledgerPath);
  }
  const ledgerNotebook = headerNotebook(header, ledgerPath);
  if (basename(ledgerNotebook) !== basename(notebookPath))
    throw new LedgerNotebookMismatchError(ledgerPath, ledgerNotebook, notebookPath);

  const provenance: ProvenanceMetadata = {
    ledger: basename(ledgerPath),
    records: summary.records,
    head: summary.head,
    totals: summary.totals,
    ...(embedded ? { embedded } : {}),
  };
  await writeNotebook(notebookPath, withProvenance(notebook, provenance));
  return provenance;
}
