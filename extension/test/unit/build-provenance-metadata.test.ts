import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import {
  decodeEmbeddedLedger as decodeInNode,
  encodeLedger,
  summarizeLedger,
  verifyLedger,
} from "@discernus/provenance";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildProvenanceMetadata, withProvenance } from "../../src/model/build-provenance-metadata.js";
import { decodeEmbeddedLedger } from "../../src/model/decode-embedded-ledger.js";
import {
  EmbeddedLedgerInvalidError,
  LedgerDoesNotVerifyError,
  LedgerNotebookMismatchError,
} from "../../src/model/extension-errors.js";
import { writeFixtureLedger, type FixtureLedger } from "./ledger-fixture.js";

let fixture: FixtureLedger;
beforeAll(async () => {
  fixture = await writeFixtureLedger();
});
afterAll(() => fixture.cleanup());

const paths = { notebookPath: "studies/study.ipynb", ledgerPath: "studies/study.provenance.jsonl" };

describe("embedding provenance from the browser", () => {
  test("embeds the ledger's exact bytes: gunzip gives them back, with their sha256 and size", async () => {
    const meta = await buildProvenanceMetadata(fixture.text, paths);
    const embedded = meta.embedded!;
    expect(embedded.encoding).toBe("gzip+base64");
    const decoded = gunzipSync(Buffer.from(embedded.data, "base64"));
    expect(decoded.equals(fixture.bytes)).toBe(true);
    expect(embedded.bytes).toBe(fixture.bytes.length);
    expect(embedded.sha256).toBe(createHash("sha256").update(fixture.bytes).digest("hex"));
  });

  test("writes the record count, head and totals of `discernus embed`", async () => {
    const meta = await buildProvenanceMetadata(fixture.text, paths);
    const report = await verifyLedger(fixture.ledgerPath);
    const { totals } = await summarizeLedger(fixture.ledgerPath);
    expect(meta.ledger).toBe("study.provenance.jsonl");
    expect(meta.records).toBe(report.records);
    expect(meta.head).toBe(report.head);
    expect(meta.totals).toEqual(JSON.parse(JSON.stringify(totals)));
    expect(Object.keys(meta)).toEqual(["ledger", "records", "head", "totals", "embedded"]);
  });

  test("is read back by provenance's own decoder (what `discernus verify` and `extract` use)", async () => {
    const meta = await buildProvenanceMetadata(fixture.text, paths);
    const notebook = {
      metadata: { discernus: withProvenance({ keep: 1 }, meta) },
      cells: [],
      nbformat: 4,
      nbformat_minor: 5,
    };
    const bytes = decodeInNode(notebook as never, paths.notebookPath);
    expect(Buffer.from(bytes).equals(fixture.bytes)).toBe(true);
    expect(notebook.metadata.discernus).toMatchObject({ keep: 1, provenance: meta });
  });

  test("embeds only complete lines when a kernel is mid-write", async () => {
    const meta = await buildProvenanceMetadata(fixture.text + '{"partial":', paths);
    expect(gunzipSync(Buffer.from(meta.embedded!.data, "base64")).equals(fixture.bytes)).toBe(true);
  });

  test("refuses a ledger whose header names another notebook", async () => {
    await expect(
      buildProvenanceMetadata(fixture.text, {
        notebookPath: "other.ipynb",
        ledgerPath: "other.provenance.jsonl",
      }),
    ).rejects.toBeInstanceOf(LedgerNotebookMismatchError);
  });

  test("refuses a ledger that does not verify, naming the line", async () => {
    const lines = fixture.text.split("\n");
    lines.splice(3, 1);
    const error = await buildProvenanceMetadata(lines.join("\n"), paths).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerDoesNotVerifyError);
    expect((error as Error).message).toMatch(/line 4/);
  });
});

describe("reading the ledger embedded in a notebook", () => {
  test("decodes what `discernus embed` wrote (node gzip) to the identical text", async () => {
    const discernus = {
      provenance: { ledger: "study.provenance.jsonl", embedded: encodeLedger(fixture.bytes) },
    };
    expect(await decodeEmbeddedLedger(discernus, paths.notebookPath)).toBe(fixture.text);
  });

  test("round-trips what the browser embeds", async () => {
    const meta = await buildProvenanceMetadata(fixture.text, paths);
    expect(await decodeEmbeddedLedger({ provenance: meta }, paths.notebookPath)).toBe(fixture.text);
  });

  test("refuses a copy whose bytes do not match its sha256, size or encoding", async () => {
    const embedded = encodeLedger(Buffer.concat([fixture.bytes, Buffer.from("x")]));
    const wrongSha = {
      provenance: { embedded: { ...embedded, bytes: fixture.bytes.length + 1, sha256: "0".repeat(64) } },
    };
    await expect(decodeEmbeddedLedger(wrongSha, "a.ipynb")).rejects.toThrow(/sha256/);
    const wrongSize = { provenance: { embedded: { ...embedded, bytes: 3 } } };
    await expect(decodeEmbeddedLedger(wrongSize, "a.ipynb")).rejects.toThrow(/bytes/);
    const wrongEncoding = { provenance: { embedded: { ...embedded, encoding: "zstd" } } };
    await expect(decodeEmbeddedLedger(wrongEncoding, "a.ipynb")).rejects.toBeInstanceOf(
      EmbeddedLedgerInvalidError,
    );
    const notGzip = {
      provenance: { embedded: { ...embedded, data: Buffer.from("plain text").toString("base64") } },
    };
    await expect(decodeEmbeddedLedger(notGzip, "a.ipynb")).rejects.toThrow(/decompress/);
    await expect(decodeEmbeddedLedger({}, "a.ipynb")).rejects.toThrow(/absent/);
  });
});
