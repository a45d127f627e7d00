import { URLExt } from "@jupyterlab/coreutils";
import { ServerConnection, type Contents } from "@jupyterlab/services";
import { LedgerUnreadableError } from "../model/extension-errors.js";
import { dirName } from "../model/path-names.js";
import { yieldToEventLoop } from "../model/yield-to-event-loop.js";

/** Bytes decoded between two yields to the event loop while a ledger downloads. */
const YIELD_EVERY_BYTES = 512 * 1024;

/** A file as the server returned it. */
export interface LedgerFile {
  text: string;
  /** The Contents API's last_modified, read before the text (so a write in between reads again later). */
  lastModified: string;
}

function statusOf(err: unknown): number | undefined {
  return (err as { response?: { status?: number } } | null)?.response?.status;
}

function reasonOf(err: unknown): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return status === undefined ? message : `HTTP ${status}: ${message}`;
}

/**
 * Reads ledgers from the Jupyter server, so it works wherever the lab's files are (local disk, a
 * remote server, a custom contents manager) without a server extension of our own. Whether a
 * ledger exists and when it changed come from the Contents API; its text is streamed from the
 * server's /files endpoint, because the Contents API wraps a file in one JSON document that the
 * page must parse in a single task (over 200 ms for a 13 MB, 10,000-call ledger). Where /files
 * does not answer, the Contents API's text is used.
 */
export class LedgerReader {
  readonly #contents: Contents.IManager;

  constructor(contents: Contents.IManager) {
    this.#contents = contents;
  }

  /**
   * The file's last_modified, or undefined when it does not exist. Read from its folder's listing:
   * asking for a missing file would log a 404 in the browser console for every notebook that has
   * no ledger yet.
   */
  async lastModified(path: string): Promise<string | undefined> {
    try {
      const folder = await this.#contents.get(dirName(path), { type: "directory", content: true });
      const items = Array.isArray(folder.content) ? (folder.content as Contents.IModel[]) : [];
      return items.find((item) => item.path === path && item.type !== "directory")?.last_modified;
    } catch (err) {
      // The notebook's folder itself is gone (renamed or deleted under the lab).
      if (statusOf(err) === 404) return undefined;
      throw new LedgerUnreadableError(path, reasonOf(err), err);
    }
  }

  /** The file's text, or undefined when it does not exist. */
  async read(path: string): Promise<LedgerFile | undefined> {
    const lastModified = await this.lastModified(path);
    if (lastModified === undefined) return undefined;
    const text = (await this.#stream(path)) ?? (await this.#contentsText(path));
    return text === undefined ? undefined : { text, lastModified };
  }

  /** The text through /files, decoded chunk by chunk; undefined when /files does not serve it. */
  async #stream(path: string): Promise<string | undefined> {
    const settings = this.#contents.serverSettings;
    const url = URLExt.join(settings.baseUrl, "files", URLExt.encodeParts(path));
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(url, { cache: "no-store" }, settings);
    } catch {
      return undefined;
    }
    if (!response.ok || !response.body) return undefined;
    const parts: string[] = [];
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let sinceYield = 0;
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(decoder.decode(value, { stream: true }));
        // Chunks already downloaded resolve in one run of microtasks: give the page a turn now and then.
        sinceYield += value.byteLength;
        if (sinceYield >= YIELD_EVERY_BYTES) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
      parts.push(decoder.decode());
    } catch (err) {
      throw new LedgerUnreadableError(
        path,
        `it is not UTF-8 text, or the download broke off (${reasonOf(err)})`,
        err,
      );
    }
    return parts.join("");
  }

  async #contentsText(path: string): Promise<string | undefined> {
    try {
      const model = await this.#contents.get(path, { type: "file", format: "text", content: true });
      if (typeof model.content !== "string")
        throw new LedgerUnreadableError(path, "the server did not return it as text");
      return model.content;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      if (err instanceof LedgerUnreadableError) throw err;
      throw new LedgerUnreadableError(path, reasonOf(err), err);
    }
  }
}
