import { randomId } from "../http-io.js";

export type FilePurpose = "batch" | "batch_output" | (string & {});

export interface StoredFile {
  id: string;
  filename: string;
  purpose: FilePurpose;
  data: Buffer;
  createdAtMs: number;
}

/** The wire FileObject (GET /v1/files/{id}). */
export function fileObject(file: StoredFile) {
  return {
    id: file.id,
    object: "file" as const,
    bytes: file.data.length,
    created_at: Math.floor(file.createdAtMs / 1000),
    filename: file.filename,
    purpose: file.purpose,
    // Files are checked as they are uploaded, so none is ever left "uploaded".
    status: "processed" as const,
    expires_at: null,
    status_details: null,
  };
}

/** OpenAI's Files API state: uploads and the batch output files, in memory, per server. */
export class OpenAIFileStore {
  readonly #files = new Map<string, StoredFile>();
  readonly #random: () => number;

  constructor(random: () => number) {
    this.#random = random;
  }

  add(filename: string, purpose: FilePurpose, data: Buffer, nowMs: number): StoredFile {
    const file = { id: randomId("file-", this.#random), filename, purpose, data, createdAtMs: nowMs };
    this.#files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  delete(id: string): boolean {
    return this.#files.delete(id);
  }

  /** Newest first, as GET /v1/files lists by default. */
  list(purpose?: string): StoredFile[] {
    const all = [...this.#files.values()].reverse();
    return purpose === undefined ? all : all.filter((f) => f.purpose === purpose);
  }
}
