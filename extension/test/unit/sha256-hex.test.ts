import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bytesToBase64, base64ToBytes } from "../../src/model/base64.js";
import { sha256Hex } from "../../src/model/sha256-hex.js";
import { sha256HexJs } from "../../src/model/sha256-js.js";
import { encodeUtf8, utf8ByteLength } from "../../src/model/utf8.js";

const nodeSha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("hashing ledger lines", () => {
  test("the plain-JS fallback (pages without WebCrypto) equals node's sha256 at every padding boundary", () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 4096]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      expect(sha256HexJs(bytes), `length ${length}`).toBe(nodeSha(bytes));
    }
  });

  test("sha256Hex (WebCrypto) equals node's sha256 on UTF-8 text", async () => {
    const bytes = encodeUtf8('{"text":"Ünïcödé — 😀 <b>"}');
    expect(await sha256Hex(bytes)).toBe(nodeSha(bytes));
  });

  test("utf8ByteLength counts what TextEncoder writes, surrogate pairs and lone surrogates included", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a😀b", "\ud800", "x\udc00y", "\ud800\ud800"])
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
  });

  test("base64 matches Buffer's, both ways, on more than one chunk", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString("base64"));
    expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(base64ToBytes("aGVs\nbG8=")).toString()).toBe("hello");
  });
});
