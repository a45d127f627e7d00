import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ledgerPathFor } from "../ledger-format.js";
import { sha256Hex } from "../sha256-hex.js";
import { LockFile } from "../lock-file.js";
import type { EmbeddedLedger } from "./embed-ledger.js";
import { EmbeddedLedgerCorruptError, LedgerExistsError, LedgerNotEmbeddedError } from "./notebook-errors.js";
import { readNotebook, type Notebook } from "./notebook-file.js";
import { replaceFile } from "./replace-file.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The ledger bytes embedded in a notebook, checked against the sha256 and size recorded beside them.
 * `notebookPath` only names the notebook in errors.
 */
export function decodeEmbeddedLedger(notebook: Notebook, notebookPath: string): Buffer {
  const discernus = notebook.metadata.discernus;
  const provenance = isObject(discernus) ? discernus.provenance : undefined;
  if (!isObject(provenance))
    throw new LedgerNotEmbeddedError(notebookPath, "metadata.discernus.provenance is absent");
  const embedded = provenance.embedded as Partial<EmbeddedLedger> | undefined;
  if (!isObject(embedded)) throw new LedgerNotEmbeddedError(notebookPath);
  if (embedded.encoding !== "gzip+base64")
    throw new EmbeddedLedgerCorruptError(
      notebookPath,
      `has encoding ${JSON.stringify(embedded.encoding)}, where "gzip+base64" was expected`,
    );
  if (typeof embedded.data !== "string" || typeof embedded.sha256 !== "string")
    throw new EmbeddedLedgerCorruptError(notebookPath, "lacks its data or its sha256");
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(embedded.data, "base64"));
  } catch (err) {
    throw new EmbeddedLedgerCorruptError(notebookPath, `does not decompress (${(err as Error).message})`);
  }
  if (bytes.length !== Number(embedded.bytes))
    throw new EmbeddedLedgerCorruptError(
      notebookPath,
      `decodes to ${bytes.length} bytes where ${String(embedded.bytes)} were embedded`,
    );
  if (sha256Hex(bytes) !== embedded.sha256)
    throw new EmbeddedLedgerCorruptError(notebookPath, "does not match its sha256");
  return bytes;
}

export interface ExtractLedgerOptions {
  /** Where to write; defaults to the ledger beside the notebook (`ledgerPathFor`). */
  to?: string;
  /** Replace an existing ledger whose bytes differ. */
  force?: boolean;
}

/**
 * Writes the notebook's embedded ledger beside it and returns the ledger's path. An existing ledger
 * with the same bytes is left as is; one with other bytes is refused unless `force`, since it may
 * hold records the embedded copy does not.
 */
export async function extractLedger(
  notebookPath: string,
  options: ExtractLedgerOptions = {},
): Promise<string> {
  const bytes = decodeEmbeddedLedger(await readNotebook(notebookPath), notebookPath);
  const path = resolve(options.to ?? ledgerPathFor(notebookPath));
  const existing = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (existing?.equals(bytes)) return path;
  if (existing && !options.force) throw new LedgerExistsError(path, notebookPath);
  // The ledger's own lock: never replace a ledger a running kernel is appending to.
  const lock = new LockFile(path);
  lock.acquire();
  try {
    await replaceFile(path, bytes);
  } finally {
    lock.release();
  }
  return path;
}
